import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail, PersonRole } from '../partnerships.schema.js';

/** Why an invitation cannot be accepted: used or expired, revoked by the coordinators, or sent to another address. */
export type InvitationProblem = 'invalid' | 'revoked' | 'other-address';

/**
 * Accepting an invitation, with the inviter's personal message; a used or expired link says so,
 * a revoked one says it is no longer valid, and one sent to another address than the reader's
 * says that (only the invited address's account may accept it, and the page does not name it).
 */
export function InvitationPage({
  page,
  token,
  partnership,
  role,
  message = '',
  inviter = null,
  problem = 'invalid',
}: {
  page: PageContext;
  token: string;
  partnership: PartnershipDetail | null;
  role: PersonRole | null;
  /** The inviter's personal message ('' for none). */
  message?: string;
  inviter?: string | null;
  /** Shown when there is nothing to accept. */
  problem?: InvitationProblem;
}) {
  const { t } = page;
  const title = t('partnerships.invitation.title');
  const open = partnership !== null && role !== null;
  return (
    <Layout page={page} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        {open ? (
          <>
            <p class="lead">
              {t('partnerships.invitation.lead', {
                partnership: partnership.title,
                role: t(`partnerships.role.${role}`),
              })}
            </p>
            {message ? (
              <figure class="invitation-message">
                <figcaption>
                  {inviter
                    ? t('partnerships.invitation.messageFrom', { inviter })
                    : t('partnerships.invitation.message')}
                </figcaption>
                <blockquote>{message}</blockquote>
              </figure>
            ) : null}
            <Form page={page} action={page.href(`/invitations/${encodeURIComponent(token)}`)}>
              <Button>{t('partnerships.invitation.accept')}</Button>
            </Form>
          </>
        ) : problem === 'other-address' ? (
          <p class="lead">{t('partnerships.invitation.otherAddress')}</p>
        ) : problem === 'revoked' ? (
          <p class="lead">{t('partnerships.invitation.revoked')}</p>
        ) : (
          <p class="lead">{t('partnerships.invitation.invalid')}</p>
        )}
      </div>
    </Layout>
  );
}

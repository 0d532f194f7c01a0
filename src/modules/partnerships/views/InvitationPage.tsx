import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail, PersonRole } from '../partnerships.schema.js';

/**
 * Accepting an invitation; a used or expired link says so, and so does one sent to another
 * address than the reader's (`otherAddress`: only the invited address's account may accept it).
 */
export function InvitationPage({
  page,
  token,
  partnership,
  role,
  otherAddress = false,
}: {
  page: PageContext;
  token: string;
  partnership: PartnershipDetail | null;
  role: PersonRole | null;
  otherAddress?: boolean;
}) {
  const { t } = page;
  const title = t('partnerships.invitation.title');
  return (
    <Layout page={page} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        {otherAddress ? (
          <p class="lead">{t('partnerships.invitation.otherAddress')}</p>
        ) : partnership && role ? (
          <>
            <p class="lead">
              {t('partnerships.invitation.lead', {
                partnership: partnership.title,
                role: t(`partnerships.role.${role}`),
              })}
            </p>
            <Form page={page} action={page.href(`/invitations/${encodeURIComponent(token)}`)}>
              <Button>{t('partnerships.invitation.accept')}</Button>
            </Form>
          </>
        ) : (
          <p class="lead">{t('partnerships.invitation.invalid')}</p>
        )}
      </div>
    </Layout>
  );
}

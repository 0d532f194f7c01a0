import { Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { displayName } from '../organisations.display.js';
import type { PendingClaim } from '../organisations.schema.js';
import type { OrganisationRecord } from '../organisations.queries.js';

/**
 * People's claims to work for an organisation, waiting for a decision: one organisation's (from
 * its page), or every one the reader decides (`organisation` absent).
 */
export function ClaimsPage({
  page,
  claims,
  organisation,
  done,
}: {
  page: PageContext;
  claims: PendingClaim[];
  organisation?: OrganisationRecord;
  done?: string | undefined;
}) {
  const { t, locale } = page;
  const name = organisation ? displayName(organisation, locale) : null;
  const title = name ? t('organisations.claims.titleOf', { name }) : t('organisations.claims.title');
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: t('organisations.list.title'), path: '/organisations' },
        ...(organisation && name ? [{ label: name, path: `/organisations/${organisation.slug}` }] : []),
        { label: t('organisations.claims.crumb') },
      ]}
    >
      <div class="narrow">
        {done === 'confirmed' || done === 'refused' ? (
          <Notice kind="success">
            <p>{t(`organisations.claims.done.${done}`)}</p>
          </Notice>
        ) : null}
        <h1>{title}</h1>
        <p>{t('organisations.claims.lead')}</p>
        {claims.length === 0 ? (
          <p>{t('organisations.claims.empty')}</p>
        ) : (
          <ul class="request-list">
            {claims.map((c) => (
              <li>
                <p>
                  {t('organisations.claims.line', {
                    person: c.person.displayName,
                    organisation: c.organisationName,
                  })}{' '}
                  · {page.i18n.dateTime(c.claimedAt)}
                </p>
                <p>
                  <a href={page.href(`/people/${c.person.handle}`)}>
                    {t('organisations.claims.profile', { person: c.person.displayName })}
                  </a>
                </p>
                <Form
                  page={page}
                  action={page.href(`/organisations/${c.organisation}/claims/${c.person.handle}`)}
                  class="inline-form"
                >
                  {organisation ? null : <input type="hidden" name="from" value="all" />}
                  <button type="submit" name="decision" value="confirm" class="button button--primary">
                    {t('organisations.claims.confirm', { person: c.person.displayName })}
                  </button>{' '}
                  <button type="submit" name="decision" value="refuse" class="button button--secondary">
                    {t('organisations.claims.refuse', { person: c.person.displayName })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        {organisation ? (
          <p>
            <a href={page.href('/organisations/claims')}>{t('organisations.claims.all')}</a>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}

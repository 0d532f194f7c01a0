import { Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { countryName, kindLabel } from '../organisations.display.js';
import type { Proposal } from '../organisations.schema.js';

/** Organisations people proposed, for administrators to approve or refuse. */
export function ProposalsPage({
  page,
  proposals,
  done,
}: {
  page: PageContext;
  proposals: Proposal[];
  done?: string | undefined;
}) {
  const { t, locale } = page;
  const title = t('organisations.proposals.title');
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[{ label: t('organisations.list.title'), path: '/organisations' }, { label: title }]}
    >
      <div class="narrow">
        {done === 'approved' || done === 'refused' ? (
          <Notice kind="success">
            <p>{t(`organisations.proposals.done.${done}`)}</p>
          </Notice>
        ) : null}
        <h1>{title}</h1>
        {proposals.length === 0 ? (
          <p>{t('organisations.proposals.empty')}</p>
        ) : (
          <ul class="request-list">
            {proposals.map((p) => (
              <li>
                <p>
                  <a href={page.href(`/organisations/${p.slug}`)}>{p.name}</a> · {kindLabel(t, p.kind)}
                  {p.country ? ` · ${countryName(locale, p.country)}` : ''}
                </p>
                <p>
                  {p.proposedBy
                    ? t('organisations.proposals.by', { person: p.proposedBy.displayName })
                    : t('organisations.proposals.byDeleted')}{' '}
                  · {page.i18n.dateTime(p.proposedAt)}
                </p>
                <Form page={page} action={page.href(`/organisations/${p.slug}/review`)} class="inline-form">
                  <button type="submit" name="decision" value="approve" class="button button--primary">
                    {t('organisations.proposals.approve', { name: p.name })}
                  </button>{' '}
                  <button type="submit" name="decision" value="refuse" class="button button--secondary">
                    {t('organisations.proposals.refuse', { name: p.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Layout>
  );
}

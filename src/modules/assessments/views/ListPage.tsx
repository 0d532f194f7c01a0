import { Button, Form, Notice, Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { organisationDisplayName, type Organisation } from '../../organisations/index.js';
import type { Assessment } from '../assessments.queries.js';

export interface OrganisationAssessments {
  id: number;
  organisation: Organisation;
  assessments: (Assessment & { overall: number | null })[];
}

/**
 * The assessments of the reader's organisations: for each, its draft to go on with (or a button to
 * start one) and its submitted assessments with their overall scores, each linking to its result.
 */
export function ListPage({ page, organisations }: { page: PageContext; organisations: OrganisationAssessments[] }) {
  const { t } = page;
  const heading = t('assessments.list.title');
  return (
    <Layout page={page} title={heading} description={t('assessments.list.intro')}>
      <h1>{heading}</h1>
      <p>{t('assessments.list.intro')}</p>
      {organisations.length === 0 ? (
        <Notice title={t('assessments.list.noOrganisation')}>
          <p>
            {t('assessments.list.noOrganisationHint')}{' '}
            <a href={page.href('/settings/profile')}>{t('assessments.list.profileLink')}</a>
          </p>
        </Notice>
      ) : null}
      {organisations.map(({ id, organisation, assessments }) => {
        const name = organisationDisplayName(organisation, page.locale);
        const draft = assessments.find((a) => a.status === 'draft');
        const submitted = assessments.filter((a) => a.status === 'submitted');
        return (
          <section aria-labelledby={`organisation-${id}`}>
            <h2 id={`organisation-${id}`}>{name}</h2>
            {draft ? (
              <p>
                <a href={page.href(`/assessments/${draft.id}`)}>
                  {t('assessments.list.continue', { date: page.i18n.date(draft.updatedAt, 'long') })}
                </a>
              </p>
            ) : (
              <Form page={page} action={page.href('/assessments')}>
                <input type="hidden" name="organisation" value={String(id)} />
                <Button>{t('assessments.list.start', { organisation: name })}</Button>
              </Form>
            )}
            {submitted.length === 0 ? (
              <p>{t('assessments.list.none')}</p>
            ) : (
              <Table
                caption={t('assessments.list.caption', { organisation: name })}
                columns={[t('assessments.list.submitted'), t('assessments.list.overall')]}
                numeric={[1]}
                rows={submitted.map((a) => [
                  <a href={page.href(`/assessments/${a.id}`)}>{page.i18n.date(a.submittedAt!, 'long')}</a>,
                  a.overall === null ? '–' : t('assessments.score.value', { score: a.overall }),
                ])}
              />
            )}
          </section>
        );
      })}
    </Layout>
  );
}

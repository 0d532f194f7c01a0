import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ManagedOrganisations } from '../editing.schema.js';
import type { HubTab } from '../partnerships.hub.js';
import { ORGANISATION_ROLES, type PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';
import { editingCrumbs, titleWithErrors } from './EditingParts.js';

/** Which notice to show after a form (`?done=…`); only these are shown. */
const DONE = ['added', 'changed', 'unchanged', 'removed'];

/** The field of a row's standing, by the organisation's slug. */
export const standingField = (slug: string) => `standing-${slug}`;

/**
 * The organisations of a partnership and their standing (coordinator, member, observer,
 * Commission service): one small form per organisation to change it, a link to take it out
 * (which asks first), and a form that adds one from the directory, narrowed by a search.
 * Works without JavaScript; at 390 px the table scrolls in its own region.
 */
export function OrganisationsPage({
  page,
  partnership,
  tabs,
  data,
  query,
  values,
  errors,
  done,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The sub-navigation of the partnership's frame (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  data: ManagedOrganisations;
  query: string;
  values: { organisation?: string; standing?: string };
  errors: FieldErrors;
  done?: string | undefined;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.standing.title');
  const standings = ORGANISATION_ROLES.map((r) => ({ value: r, label: t(`partnerships.orgRole.${r}`) }));
  const fixed = {
    organisation: t('partnerships.standing.organisation'),
    standing: t('partnerships.standing.standing'),
    q: t('partnerships.standing.search'),
  };
  const labels: Record<string, string> = { ...fixed };
  for (const o of data.organisations)
    labels[standingField(o.slug)] = t('partnerships.standing.standingOf', { name: o.name });
  return (
    <Layout
      page={page}
      title={titleWithErrors(page, title, partnership, errors)}
      breadcrumbs={editingCrumbs(page, partnership, title)}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        {done && DONE.includes(done) ? (
          <Notice kind="success">
            <p>{t(`partnerships.standing.done.${done}`)}</p>
          </Notice>
        ) : null}
        <p>{t('partnerships.standing.lead')}</p>
        {data.organisations.length === 0 ? (
          <p>{t('partnerships.standing.none')}</p>
        ) : (
          <div class="table-wrap" role="region" aria-labelledby="organisations-caption" tabIndex={0}>
            <table class="table standing-table">
              <caption id="organisations-caption">
                {t('partnerships.members.organisations', { count: data.organisations.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('partnerships.members.organisation')}</th>
                  <th scope="col">{t('partnerships.standing.standing')}</th>
                  <th scope="col">{t('partnerships.standing.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.organisations.map((o) => {
                  const field = standingField(o.slug);
                  const error = errors[field];
                  return (
                    <tr>
                      <th scope="row">
                        <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
                      </th>
                      <td>
                        <Form
                          page={page}
                          action={page.href(`${base}/organisations/${o.slug}`)}
                          class="inline-form"
                          aria-label={labels[field]}
                        >
                          <label class="visually-hidden" for={`field-${field}`}>
                            {labels[field]}
                          </label>
                          {error ? (
                            <p class="field__error" id={`field-${field}-error`}>
                              {error}
                            </p>
                          ) : null}
                          <select
                            id={`field-${field}`}
                            name="standing"
                            class={`input select${error ? ' input--error' : ''}`}
                            aria-invalid={error ? 'true' : undefined}
                            aria-describedby={error ? `field-${field}-error` : undefined}
                          >
                            {standings.map((s) => (
                              <option value={s.value} selected={s.value === o.role}>
                                {s.label}
                              </option>
                            ))}
                          </select>
                          <Button variant="secondary">
                            {t('partnerships.standing.save')}
                            <span class="visually-hidden"> – {o.name}</span>
                          </Button>
                        </Form>
                      </td>
                      <td>
                        <a href={page.href(`${base}/organisations/${o.slug}/remove`)}>
                          {t('partnerships.standing.remove')}
                          <span class="visually-hidden"> – {o.name}</span>
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}

        <section aria-labelledby="organisations-add" class="narrow">
          <h2 id="organisations-add">{t('partnerships.standing.add')}</h2>
          <Form
            page={page}
            method="get"
            action={page.href(`${base}/edit/organisations`)}
            class="search-form"
            role="search"
            aria-label={t('partnerships.standing.searchLabel')}
          >
            <Field
              name="q"
              type="search"
              label={fixed.q}
              hint={t('partnerships.standing.searchHint')}
              value={query}
              error={errors.q}
              maxLength={100}
            />
            <Button variant="secondary">{t('partnerships.standing.find')}</Button>
          </Form>
          {query ? (
            <p role="status">
              {t('partnerships.standing.found', { count: data.candidates.length, query })}{' '}
              <a href={page.href(`${base}/edit/organisations#organisations-add`)}>
                {t('partnerships.standing.showAll')}
              </a>
            </p>
          ) : null}
          {data.candidates.length === 0 ? (
            <p>{t('partnerships.standing.noCandidates')}</p>
          ) : (
            <Form page={page} action={page.href(`${base}/organisations`)}>
              <Select
                name="organisation"
                label={fixed.organisation}
                value={values.organisation ?? ''}
                error={errors.organisation}
                options={[
                  { value: '', label: t('partnerships.standing.choose') },
                  ...data.candidates.map((c) => ({
                    value: c.slug,
                    label: c.country ? `${c.name} (${c.country})` : c.name,
                  })),
                ]}
              />
              <Select
                name="standing"
                label={fixed.standing}
                value={values.standing ?? 'member'}
                error={errors.standing}
                options={standings}
              />
              <Button>{t('partnerships.standing.addButton')}</Button>
            </Form>
          )}
          <p>
            <a href={page.href(`${base}/edit`)}>{t('partnerships.editing.back')}</a>
          </p>
        </section>
      </PartnershipFrame>
    </Layout>
  );
}

import { Layout } from '../../../core/views/Layout.js';
import { FollowButton } from './FollowButton.js';
import { LinkList } from './Links.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ProgrammeShown, SummaryOut } from '../funding.present.js';
import { programmePath } from '../funding.present.js';
import { euros, OpportunityItem } from './parts.js';

const crumbs = (page: PageContext) => [
  { label: page.t('funding.register.title'), path: '/funding' },
  { label: page.t('funding.programmes.title'), path: '/funding/programmes' },
];

function period(p: ProgrammeShown): string {
  if (p.period_from !== null && p.period_to !== null) return `${p.period_from}–${p.period_to}`;
  return String(p.period_from ?? p.period_to ?? '');
}

function budget(page: PageContext, p: ProgrammeShown): string {
  if (p.budget_eur !== null) return euros(page, p.budget_eur);
  return p.budget_note;
}

/** Every programme, with its period, budget and managing service. */
export function ProgrammesPage({ page, programmes }: { page: PageContext; programmes: ProgrammeShown[] }) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('funding.programmes.title')}
      breadcrumbs={[crumbs(page)[0]!, { label: t('funding.programmes.title') }]}
    >
      <h1>{t('funding.programmes.title')}</h1>
      <p class="lead">{t('funding.programmes.intro')}</p>
      <div class="table-wrap">
        <table class="table">
          <caption>{t('funding.programmes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('funding.programmes.name')}</th>
              <th scope="col">{t('funding.programmes.period')}</th>
              <th scope="col">{t('funding.register.budget')}</th>
              <th scope="col">{t('funding.programmes.service')}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr>
                <th scope="row">
                  <a href={page.href(programmePath(p.slug))}>{p.name}</a>
                </th>
                <td>{period(p)}</td>
                <td lang={p.budget_eur === null && p.budget_note ? 'en' : undefined}>{budget(page, p)}</td>
                <td>{p.managing_service}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** One programme and its items the reader may see. */
export function ProgrammePage({
  page,
  programme,
  mayEdit = false,
  following,
}: {
  page: PageContext;
  programme: ProgrammeShown & { items: SummaryOut[] };
  /** The reader's own, read fresh per request: whether they may edit it, whether they follow it (null: a visitor). */
  mayEdit?: boolean;
  following?: boolean | null;
}) {
  const { t } = page;
  const p = programme;
  return (
    <Layout page={page} title={p.name} breadcrumbs={[...crumbs(page), { label: p.name }]}>
      <h1>{p.name}</h1>
      <LinkList
        page={page}
        links={mayEdit ? [{ label: t('funding.links.editProgramme'), path: `${programmePath(p.slug)}/edit` }] : []}
      />
      {following !== undefined ? (
        <FollowButton
          page={page}
          type="programme"
          targetKey={p.slug}
          title={p.name}
          following={following}
          back={page.href(programmePath(p.slug))}
        />
      ) : null}
      {p.description ? (
        <p class="lead" lang={page.locale !== 'en' ? 'en' : undefined}>
          {p.description}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('funding.programmes.period')}</dt>
        <dd>{period(p) || '—'}</dd>
        <dt>{t('funding.register.budget')}</dt>
        <dd lang={p.budget_eur === null && p.budget_note && page.locale !== 'en' ? 'en' : undefined}>
          {budget(page, p) || '—'}
        </dd>
        <dt>{t('funding.programmes.service')}</dt>
        <dd>{p.managing_service || '—'}</dd>
        {p.url ? (
          <>
            <dt>{t('funding.item.official')}</dt>
            <dd>
              <a href={p.url} rel="noopener noreferrer external">
                {p.url}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('funding.programmes.items', { count: p.items.length })}</h2>
      <p>
        <a href={page.href(`/funding?programme=${encodeURIComponent(p.slug)}`)}>{t('funding.programmes.filtered')}</a>
      </p>
      {p.items.length === 0 ? (
        <p>{t('funding.register.noneMatch')}</p>
      ) : (
        <ul class="cards">
          {p.items.map((o) => (
            <OpportunityItem page={page} o={o} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

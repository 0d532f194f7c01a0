import type { ComponentChildren } from 'preact';
import { Button, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { ActionComparison } from '../actions.compare.schema.js';
import { actionPath } from '../actions.present.js';
import type { ActionSnapshot } from '../actions.schema.js';
import { actionLabel, period, planDate } from './parts.js';

type Snap = ActionSnapshot;
type Item<T> = { before: T | null; after: T | null; change: string; fields: string[] };
interface VersionChoice {
  version: number;
  at: string;
}

const versionText = (page: PageContext, v: VersionChoice) =>
  page.t('actions.compare.versionOn', { version: v.version, date: page.i18n.date(v.at, 'medium') });

/**
 * The form that picks two versions to compare (GET: it works without script); on the history page
 * and on the comparison itself. `from` and `to` default to the two latest.
 */
export function VersionPicker({
  page,
  slug,
  number,
  versions,
  from,
  to,
}: {
  page: PageContext;
  slug: string;
  number: number;
  /** Newest first. */
  versions: readonly VersionChoice[];
  from?: number;
  to?: number;
}) {
  const { t } = page;
  if (versions.length < 2) return null;
  const options = versions.map((v) => ({ value: String(v.version), label: versionText(page, v) }));
  return (
    <form
      class="filters"
      method="get"
      action={page.href(`${actionPath(slug, number)}/history/compare`)}
      aria-label={t('actions.compare.pick')}
    >
      <Select
        name="from"
        label={t('actions.compare.from')}
        value={String(from ?? versions[1]!.version)}
        options={options}
      />
      <Select name="to" label={t('actions.compare.to')} value={String(to ?? versions[0]!.version)} options={options} />
      <Button>{t('actions.compare.submit')}</Button>
    </form>
  );
}

/** The change of a row, in words (never by colour alone). */
function ChangeCell({ page, change, fields = [] }: { page: PageContext; change: string; fields?: string[] }) {
  const { t } = page;
  if (change === 'unchanged') return <td>{t('actions.compare.change.unchanged')}</td>;
  const which = fields.map((f) => t(`actions.compare.part.${f}`)).join(', ');
  return (
    <td>
      <strong>{t(`actions.compare.change.${change}`)}</strong>
      {which ? `: ${which}` : null}
    </td>
  );
}

interface Named {
  themes: Map<number, string>;
  posts: Map<number, { title: string; path: string }>;
}

function FieldValue({ page, field, value, named }: { page: PageContext; field: string; value: unknown; named: Named }) {
  const { t } = page;
  if (value === null || value === undefined || value === '') return <>{t('actions.compare.notSet')}</>;
  switch (field) {
    case 'status':
      return <>{t(`actions.status.${String(value)}`)}</>;
    case 'progress':
      return <>{t('actions.progressValue', { progress: Number(value) })}</>;
    case 'progressMode':
      return <>{t(`actions.progressMode.${String(value)}`)}</>;
    case 'startsOn':
    case 'endsOn':
      return <>{planDate(page, String(value))}</>;
    case 'themeId':
      return <>{named.themes.get(Number(value)) ?? t('actions.compare.notSet')}</>;
    case 'mergedInto':
      return <>{actionLabel(page, Number(value))}</>;
    case 'membersOnly':
      return <>{value ? t('actions.membersOnly') : t('actions.compare.everyone')}</>;
    default:
      return <>{String(value)}</>;
  }
}

const Absent = ({ page }: { page: PageContext }) => <>{page.t('actions.compare.absent')}</>;

function ActivityCell({ page, x }: { page: PageContext; x: Snap['activities'][number] | null }) {
  if (!x) return <Absent page={page} />;
  return (
    <>
      {x.title}
      <br />
      {page.t(`actions.status.${x.status}`)}
      {x.starts_on || x.ends_on ? ` · ${period(page, x.starts_on, x.ends_on)}` : null}
    </>
  );
}

function DeliverableCell({
  page,
  d,
  named,
}: {
  page: PageContext;
  d: Snap['deliverables'][number] | null;
  named: Named;
}) {
  const { t } = page;
  if (!d) return <Absent page={page} />;
  const post = d.evidence_post_id === null ? undefined : named.posts.get(d.evidence_post_id);
  return (
    <>
      {d.title}
      <br />
      {t(`actions.deliverableType.${d.type}`)} · {t(`actions.status.${d.status}`)}
      {d.due_on ? ` · ${t('actions.due', { date: planDate(page, d.due_on) })}` : null} ·{' '}
      {t('actions.compare.weight', { weight: d.weight })}
      {post ? (
        <>
          <br />
          {t('actions.evidence')}: <a href={page.href(post.path)}>{post.title}</a>
        </>
      ) : d.evidence_url ? (
        <>
          <br />
          {t('actions.evidence')}: {d.evidence_url}
        </>
      ) : d.evidence_file ? (
        <>
          <br />
          {t('actions.evidence')}: {t('actions.compare.evidenceFile', { name: d.evidence_file })}
        </>
      ) : null}
    </>
  );
}

function ChallengeCell({ page, c }: { page: PageContext; c: Snap['challenges'][number] | null }) {
  const { t } = page;
  if (!c) return <Absent page={page} />;
  return (
    <>
      {c.description}
      <br />
      {t(`actions.challenge.${c.status}`)} · {t('actions.impact', { impact: c.impact })} ·{' '}
      {t('actions.raised', { date: planDate(page, c.raised_on) })}
      {c.resolved_on ? ` · ${t('actions.resolved', { date: planDate(page, c.resolved_on) })}` : null}
      {c.mitigation ? (
        <>
          <br />
          {t('actions.mitigation')}: {c.mitigation}
        </>
      ) : null}
    </>
  );
}

/** One table of the comparison: a caption, the two versions as columns, the change in words. */
function CompareTable({
  page,
  id,
  caption,
  head,
  rows,
}: {
  page: PageContext;
  id: string;
  caption: string;
  head: [string, string];
  rows: { key: ComponentChildren; before: ComponentChildren; after: ComponentChildren; change: ComponentChildren }[];
}) {
  const { t } = page;
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table class="table compare">
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('actions.compare.what')}</th>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
            <th scope="col">{t('actions.compare.changeColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4}>{t('actions.none')}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr>
                <th scope="row">{r.key}</th>
                <td>{r.before}</td>
                <td>{r.after}</td>
                {r.change}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

const short = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** Two versions of an action side by side. */
export function ComparePage({
  page,
  view,
}: {
  page: PageContext;
  view: Named & {
    partnership: PartnershipDetail;
    tabs: readonly HubTab[];
    title: string;
    comparison: Omit<ActionComparison, 'number'> & { number: number };
    choices: readonly VersionChoice[];
  };
}) {
  const { t } = page;
  const c = view.comparison;
  const label = actionLabel(page, c.number);
  const base = actionPath(view.partnership.slug, c.number);
  const head: [string, string] = [versionText(page, c.from), versionText(page, c.to)];
  const items = <T,>(list: Item<T>[], key: (x: T) => string, cell: (x: T | null) => ComponentChildren) =>
    list.map((r) => ({
      key: short(key((r.after ?? r.before)!)),
      before: cell(r.before),
      after: cell(r.after),
      change: <ChangeCell page={page} change={r.change} fields={r.fields} />,
    }));
  return (
    <Layout
      page={page}
      title={t('actions.compare.title', { action: label, from: c.from.version, to: c.to.version })}
      breadcrumbs={[
        { label: t('actions.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: `/partnerships/${view.partnership.slug}` },
        { label: t('actions.hub.tab'), path: `/partnerships/${view.partnership.slug}/actions` },
        { label, path: base },
        { label: t('actions.section.history'), path: `${base}/history` },
        { label: t('actions.compare.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>{t('actions.compare.heading', { action: label, from: c.from.version, to: c.to.version })}</h1>
        <p>
          <a href={page.href(base)}>{view.title}</a>
        </p>
        <VersionPicker
          page={page}
          slug={view.partnership.slug}
          number={c.number}
          versions={view.choices}
          from={c.from.version}
          to={c.to.version}
        />
        <p role="status">{t('actions.compare.summary', { count: c.changes })}</p>
        <dl class="facts">
          {[c.from, c.to].map((v) => (
            <>
              <dt>{versionText(page, v)}</dt>
              <dd>
                {t('actions.versionLine', { version: v.version, by: v.by ?? t('actions.byPlatform') })}
                {v.explanation ? `: ${v.explanation}` : null}
              </dd>
            </>
          ))}
        </dl>
        <CompareTable
          page={page}
          id="compare-fields"
          caption={t('actions.compare.fields')}
          head={head}
          rows={c.fields.map((f) => ({
            key: t(`actions.compare.field.${f.field}`),
            before: <FieldValue page={page} field={f.field} value={f.before} named={view} />,
            after: <FieldValue page={page} field={f.field} value={f.after} named={view} />,
            change: <ChangeCell page={page} change={f.change} />,
          }))}
        />
        <CompareTable
          page={page}
          id="compare-organisations"
          caption={t('actions.section.organisations')}
          head={head}
          rows={c.organisations.map((o) => ({
            key: o.organisation ? (
              <a href={page.href(`/organisations/${o.organisation.slug}`)}>{o.organisation.name}</a>
            ) : (
              t('actions.compare.unknownOrganisation')
            ),
            before: o.before ? t(`actions.compare.role.${o.before}`) : <Absent page={page} />,
            after: o.after ? t(`actions.compare.role.${o.after}`) : <Absent page={page} />,
            change: <ChangeCell page={page} change={o.change} />,
          }))}
        />
        {[
          {
            id: 'compare-activities',
            caption: t('actions.section.activities'),
            rows: items(
              c.activities,
              (x) => x.title,
              (x) => <ActivityCell page={page} x={x} />,
            ),
          },
          {
            id: 'compare-deliverables',
            caption: t('actions.section.deliverables'),
            rows: items(
              c.deliverables,
              (x) => x.title,
              (x) => <DeliverableCell page={page} d={x} named={view} />,
            ),
          },
          {
            id: 'compare-challenges',
            caption: t('actions.section.challenges'),
            rows: items(
              c.challenges,
              (x) => x.description,
              (x) => <ChallengeCell page={page} c={x} />,
            ),
          },
        ].map((table) => (
          <CompareTable page={page} head={head} {...table} />
        ))}
        <p>
          <a href={page.href(`${base}/history`)}>{t('actions.compare.back')}</a>
        </p>
      </PartnershipFrame>
    </Layout>
  );
}

import { Button, LanguageLabel, Notice, Select, Tags } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { filterQuery, type PlanFilter } from '../actions.plan.js';
import { actionPath } from '../actions.present.js';
import { EVIDENCE_WORDS } from '../actions.evidence.js';
import { describeFile } from '../../../core/uploads/attachments.js';
import { SORTS, type ActionDetail, type ActionSummary } from '../actions.schema.js';
import { ACTION_STATUSES } from '../actions.tables.js';

/** A plan date (`2018-09-01`) in the reader's language; the date as it is, whatever the zone. */
export const planDate = (page: PageContext, date: string): string =>
  page.i18n.inZone('UTC').date(`${date}T12:00:00Z`, 'medium');

/** "Action 4" / "Akce 4". */
export const actionLabel = (page: PageContext, number: number): string => page.t('actions.numbered', { number });

/** The breadcrumbs down to a partnership's plan: Partnerships, the partnership, Actions. */
export const planCrumbs = (page: PageContext, partnership: { slug: string; title: string }) => [
  { label: page.t('actions.partnerships'), path: '/partnerships' },
  { label: partnership.title, path: `/partnerships/${partnership.slug}` },
  { label: page.t('actions.hub.tab'), path: `/partnerships/${partnership.slug}/actions` },
];

/** From – to, either may be missing. */
export function period(page: PageContext, from: string | null, to: string | null): string {
  if (from && to) return `${planDate(page, from)} – ${planDate(page, to)}`;
  if (from) return page.t('actions.from', { date: planDate(page, from) });
  if (to) return page.t('actions.until', { date: planDate(page, to) });
  return '';
}

/** Status (and into which action, when merged) and progress. */
function StatusLine({ page, a }: { page: PageContext; a: ActionSummary }) {
  const { t } = page;
  return (
    <p class="meta">
      <span class={`status status--${a.status}`}>{t(`actions.status.${a.status}`)}</span>
      {a.status === 'merged' && a.mergedInto !== null ? (
        <>
          {' '}
          {t('actions.mergedIntoShort')}{' '}
          <a href={page.href(actionPath(a.partnership, a.mergedInto))}>{actionLabel(page, a.mergedInto)}</a>
        </>
      ) : null}
      {a.status !== 'merged' ? ` · ${t('actions.progressValue', { progress: a.progress })}` : null}
      {a.startsOn || a.endsOn ? ` · ${period(page, a.startsOn, a.endsOn)}` : null}
    </p>
  );
}

function ActionItem({ page, a }: { page: PageContext; a: ActionSummary }) {
  const { t } = page;
  const lang = a.lang !== page.locale ? a.lang : undefined;
  return (
    <li>
      <h3>
        <a href={page.href(actionPath(a.partnership, a.number))}>
          {actionLabel(page, a.number)}: <span lang={lang}>{a.title}</span>
        </a>{' '}
        <LanguageLabel page={page} lang={a.lang} />
      </h3>
      <StatusLine page={page} a={a} />
      {a.leads.length > 0 ? (
        <p class="meta">
          {t('actions.leads')}: {a.leads.map((l) => l.name).join(', ')}
          {a.membersOnly ? ` · ${t('actions.membersOnly')}` : null}
        </p>
      ) : a.membersOnly ? (
        <p class="meta">{t('actions.membersOnly')}</p>
      ) : null}
    </li>
  );
}

export interface PlanView {
  slug: string;
  themes: { position: number; title: string }[];
  items: ActionSummary[];
  /** Every action of the plan (the filter's choices come from it). */
  all: ActionSummary[];
  filter: PlanFilter;
  ignored: string[];
}

/** The plan as every reader of a language and class sees it for a filter: the filter form, then actions by theme. */
export function PlanList({ page, view }: { page: PageContext; view: PlanView }) {
  const { t } = page;
  const { filter } = view;
  const base = `/partnerships/${view.slug}/actions`;
  const leads = new Map<string, string>();
  const tags = new Map<string, string>();
  for (const a of view.all) {
    for (const l of a.leads) leads.set(l.slug, l.name);
    for (const tag of a.tags) tags.set(tag.slug, tag.label);
  }
  const groups = [
    ...view.themes.map((theme) => ({
      key: `theme-${theme.position}`,
      title: theme.title,
      items: view.items.filter((a) => a.theme?.position === theme.position),
    })),
    { key: 'theme-none', title: t('actions.plan.noTheme'), items: view.items.filter((a) => a.theme === null) },
  ].filter((g) => g.items.length > 0);
  const any = { value: '', label: t('actions.filter.any') };
  const filtered = filterQuery({ ...filter, sort: 'number' }) !== '';
  return (
    <>
      <form class="filters" method="get" action={page.href(base)} role="search" aria-label={t('actions.filter.label')}>
        <Select
          name="theme"
          label={t('actions.filter.theme')}
          value={filter.theme === undefined ? '' : String(filter.theme)}
          options={[any, ...view.themes.map((th) => ({ value: String(th.position), label: th.title }))]}
        />
        <Select
          name="status"
          label={t('actions.filter.status')}
          value={filter.status ?? ''}
          options={[any, ...ACTION_STATUSES.map((s) => ({ value: s, label: t(`actions.status.${s}`) }))]}
        />
        <Select
          name="lead"
          label={t('actions.filter.lead')}
          value={filter.lead ?? ''}
          options={[
            any,
            ...[...leads]
              .sort((a, b) => a[1].localeCompare(b[1], page.locale))
              .map(([value, label]) => ({ value, label })),
          ]}
        />
        {tags.size > 0 ? (
          <Select
            name="tag"
            label={t('actions.filter.tag')}
            value={filter.tag ?? ''}
            options={[any, ...[...tags].map(([value, label]) => ({ value, label }))]}
          />
        ) : null}
        <Select
          name="sort"
          label={t('actions.filter.sort')}
          value={filter.sort}
          options={SORTS.map((s) => ({ value: s, label: t(`actions.sort.${s}`) }))}
        />
        <Button variant="secondary">{t('actions.filter.apply')}</Button>
        {filtered ? <a href={page.href(base)}>{t('actions.filter.clear')}</a> : null}
      </form>
      {view.ignored.length > 0 ? (
        <Notice kind="warning">
          <p>
            {t('actions.filter.ignored', {
              filters: view.ignored.map((f) => t(`actions.filter.${f}`)).join(', '),
            })}
          </p>
        </Notice>
      ) : null}
      <p role="status">{t('actions.plan.shown', { count: view.items.length, total: view.all.length })}</p>
      {groups.length === 0 ? (
        <p>{view.all.length === 0 ? t('actions.plan.empty') : t('actions.plan.noneMatch')}</p>
      ) : (
        groups.map((g) => (
          <section aria-labelledby={g.key}>
            <h2 id={g.key}>{g.title}</h2>
            <ul class="list">
              {g.items.map((a) => (
                <ActionItem page={page} a={a} />
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}

/** What every reader of an action's page in a language and class reads: all but the frame. */
export function ActionBody({ page, action: a }: { page: PageContext; action: ActionDetail }) {
  const { t } = page;
  const lang = a.lang !== page.locale ? a.lang : undefined;
  const orgs = (list: ActionSummary['leads']) => (
    <ul>
      {list.map((o) => (
        <li>
          <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {a.status === 'merged' && a.mergedInto !== null ? (
        <Notice kind="info">
          <p>
            {t('actions.mergedInto', { number: a.number })}{' '}
            <a href={page.href(actionPath(a.partnership, a.mergedInto))}>{actionLabel(page, a.mergedInto)}</a>.
          </p>
        </Notice>
      ) : null}
      {a.mergedFrom.length > 0 ? (
        <p>
          {t('actions.mergedFrom', { count: a.mergedFrom.length })}{' '}
          {a.mergedFrom.map((n, i) => (
            <>
              {i > 0 ? ', ' : null}
              <a href={page.href(actionPath(a.partnership, n))}>{actionLabel(page, n)}</a>
            </>
          ))}
          .
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('actions.field.status')}</dt>
        <dd>{t(`actions.status.${a.status}`)}</dd>
        <dt>{t('actions.field.progress')}</dt>
        <dd>
          {t('actions.progressValue', { progress: a.progress })} ({t(`actions.progressMode.${a.progressMode}`)})
        </dd>
        {a.theme ? (
          <>
            <dt>{t('actions.field.theme')}</dt>
            <dd>{a.theme.title}</dd>
          </>
        ) : null}
        {a.startsOn || a.endsOn ? (
          <>
            <dt>{t('actions.field.period')}</dt>
            <dd>{period(page, a.startsOn, a.endsOn)}</dd>
          </>
        ) : null}
        {a.membersOnly ? (
          <>
            <dt>{t('actions.field.visibility')}</dt>
            <dd>{t('actions.membersOnly')}</dd>
          </>
        ) : null}
      </dl>
      <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: a.html }} />
      <Tags page={page} label={t('actions.field.tags')} tags={a.tags} />

      <section aria-labelledby="action-organisations">
        <h2 id="action-organisations">{t('actions.section.organisations')}</h2>
        {a.leads.length === 0 && a.contributors.length === 0 ? <p>{t('actions.none')}</p> : null}
        {a.leads.length > 0 ? (
          <>
            <h3>{t('actions.leads')}</h3>
            {orgs(a.leads)}
          </>
        ) : null}
        {a.contributors.length > 0 ? (
          <>
            <h3>{t('actions.contributors')}</h3>
            {orgs(a.contributors)}
          </>
        ) : null}
      </section>

      <section aria-labelledby="action-activities">
        <h2 id="action-activities">{t('actions.section.activities')}</h2>
        {a.activities.length === 0 ? (
          <p>{t('actions.none')}</p>
        ) : (
          <ul class="list">
            {a.activities.map((x) => (
              <li>
                {x.title}
                <p class="meta">
                  {t(`actions.status.${x.status}`)}
                  {x.startsOn || x.endsOn ? ` · ${period(page, x.startsOn, x.endsOn)}` : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="action-deliverables">
        <h2 id="action-deliverables">{t('actions.section.deliverables')}</h2>
        {a.deliverables.length === 0 ? (
          <p>{t('actions.none')}</p>
        ) : (
          <ul class="list">
            {a.deliverables.map((d) => (
              <li>
                {d.title}
                <p class="meta">
                  {t(`actions.deliverableType.${d.type}`)} · {t(`actions.status.${d.status}`)}
                  {d.dueOn ? ` · ${t('actions.due', { date: planDate(page, d.dueOn) })}` : null}
                </p>
                {d.evidence?.kind === 'link' ? (
                  <p>
                    {t('actions.evidence')}: <a href={d.evidence.url}>{d.evidence.url}</a>
                  </p>
                ) : d.evidence?.kind === 'post' ? (
                  <p>
                    {t('actions.evidence')}: <a href={page.href(d.evidence.path)}>{d.evidence.title}</a>
                  </p>
                ) : d.evidence?.kind === 'file' ? (
                  <p>
                    {t('actions.evidence')}:{' '}
                    <a href={page.href(d.evidence.path)} download>
                      {d.evidence.name}
                    </a>{' '}
                    ({describeFile(page, EVIDENCE_WORDS, d.evidence)})
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="action-challenges">
        <h2 id="action-challenges">{t('actions.section.challenges')}</h2>
        {a.challenges.length === 0 ? (
          <p>{t('actions.none')}</p>
        ) : (
          <ul class="list">
            {a.challenges.map((c) => (
              <li>
                {c.description}
                <p class="meta">
                  {t(`actions.challenge.${c.status}`)} · {t('actions.impact', { impact: c.impact })} ·{' '}
                  {t('actions.raised', { date: planDate(page, c.raisedOn) })}
                  {c.resolvedOn ? ` · ${t('actions.resolved', { date: planDate(page, c.resolvedOn) })}` : null}
                </p>
                {c.mitigation ? (
                  <p>
                    {t('actions.mitigation')}: {c.mitigation}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {a.supportNeeded ? (
        <section aria-labelledby="action-support">
          <h2 id="action-support">{t('actions.section.support')}</h2>
          {a.supportNeeded.split(/\n\s*\n/).map((paragraph) => (
            <p lang={lang}>{paragraph}</p>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="action-meetings">
        <h2 id="action-meetings">{t('actions.section.meetings')}</h2>
        {a.decisions.length === 0 ? (
          <p>{t('actions.noDecisions')}</p>
        ) : (
          <ul class="list">
            {a.decisions.map((d) => (
              <li>
                <a href={page.href(d.path)}>{d.meetingTitle}</a>{' '}
                <span class="meta">({page.i18n.date(d.startsAt, 'medium')})</span>
                <p>{d.text}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="action-history">
        <h2 id="action-history">{t('actions.section.history')}</h2>
        {a.history.length === 0 ? (
          <p>{t('actions.none')}</p>
        ) : (
          <ol class="list" reversed>
            {a.history.map((v) => (
              <li>
                <p>
                  <time dateTime={v.at}>{page.i18n.date(v.at, 'medium')}</time> ·{' '}
                  {t('actions.versionLine', {
                    version: v.version,
                    by: v.by ?? t('actions.byPlatform'),
                  })}{' '}
                  · {t(`actions.status.${v.status}`)}
                  {v.status !== 'merged' ? ` · ${t('actions.progressValue', { progress: v.progress })}` : null}
                </p>
                {v.explanation ? <p>{v.explanation}</p> : null}
              </li>
            ))}
          </ol>
        )}
        <p>
          <a href={`/api/v1${actionPath(a.partnership, a.number)}/history`}>{t('actions.historyJson')}</a>
        </p>
      </section>
    </>
  );
}

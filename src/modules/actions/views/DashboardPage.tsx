import type { ComponentChildren } from 'preact';
import { type Placeable, Shared } from '../../../core/shared/index.js';
import { BarChart, ChartPair, LineChart } from '../../../core/views/charts.js';
import { Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { Dashboard, DashboardAction } from '../actions.dashboard.schema.js';
import { actionPath } from '../actions.present.js';
import { actionLabel, planDate } from './parts.js';

const percent = (page: PageContext, value: number | null) =>
  value === null ? '–' : page.t('actions.dashboard.percent', { value });

/** "March 2019" (`long`) or "Mar 2019" from `2019-03`, from the catalogs. */
const monthName = (page: PageContext, month: string, short = false) => {
  const [year, m] = month.split('-');
  return page.t(short ? 'actions.dashboard.monthShort' : 'actions.dashboard.month', { month: m, year });
};

/** An action as a link, "Action 4: title", with the partnership when the dashboard spans several. */
function ActionLink({ page, a, platform }: { page: PageContext; a: DashboardAction; platform: boolean }) {
  return (
    <>
      <a href={page.href(actionPath(a.partnership.slug, a.number))}>
        {actionLabel(page, a.number)}: <span lang={a.lang !== page.locale ? a.lang : undefined}>{a.title}</span>
      </a>
      {platform ? <span class="meta"> ({a.partnership.title})</span> : null}
    </>
  );
}

/** A section with a heading, its count, and its list as a table (or a line saying there is none). */
function Listed({
  page,
  id,
  heading,
  count,
  shown,
  children,
}: {
  page: PageContext;
  id: string;
  heading: string;
  count: number;
  shown: number;
  children: ComponentChildren;
}) {
  return (
    <section class="dashboard__section" aria-labelledby={id}>
      <h2 id={id}>
        {heading} <span class="count">({page.i18n.number(count)})</span>
      </h2>
      {count === 0 ? (
        <p>{page.t('actions.dashboard.noneListed')}</p>
      ) : (
        <>
          {count > shown ? (
            <p>{page.t('actions.dashboard.firstShown', { shown, count: page.i18n.number(count) })}</p>
          ) : null}
          {children}
        </>
      )}
    </section>
  );
}

/** The dashboard itself (a shared fragment): the same for a partnership (`platform` false) and the whole platform. */
export function DashboardBody({ page, data, platform }: { page: PageContext; data: Dashboard; platform: boolean }) {
  const { t } = page;
  const statusRows = data.byStatus.map((s) => ({
    label: t(`actions.status.${s.status}`),
    value: s.actions,
    shown: page.i18n.number(s.actions),
  }));
  const action = t('actions.dashboard.column.action');
  const deliverableColumns = [
    action,
    t('actions.dashboard.column.deliverable'),
    t('actions.dashboard.column.due'),
    t('actions.field.status'),
  ];
  const deliverableRow = (d: Dashboard['late']['items'][number]) => [
    <ActionLink page={page} a={d.action} platform={platform} />,
    <span lang={d.action.lang !== page.locale ? d.action.lang : undefined}>{d.title}</span>,
    <time dateTime={d.dueOn}>{planDate(page, d.dueOn)}</time>,
    t(`actions.status.${d.status}`),
  ];
  const dueSoon = t('actions.dashboard.dueSoon', { days: data.dueDays });
  const stale = t('actions.dashboard.stale', { days: data.staleDays });
  /** A list as a section: its heading with the count, the first ones as a table (or a line saying there is none). */
  const listed = <T,>(
    heading: string,
    id: string,
    list: { count: number; items: T[] },
    caption: string,
    columns: string[],
    row: (item: T) => ComponentChildren[],
  ) => (
    <Listed page={page} id={id} heading={heading} count={list.count} shown={list.items.length}>
      <Table caption={caption} columns={columns} rows={list.items.map(row)} />
    </Listed>
  );
  const progress = data.progress.filter((p) => p.average !== null);
  return (
    <div class="dashboard">
      <p>{t('actions.dashboard.asOf', { date: planDate(page, data.today) })}</p>
      <p class="meta">{t('actions.dashboard.visible', { count: data.total })}</p>

      <section class="dashboard__section" aria-labelledby="by-status">
        <h2 id="by-status">{t('actions.dashboard.byStatus')}</h2>
        <ChartPair
          chart={<BarChart data={statusRows} />}
          table={
            <Table
              caption={t('actions.dashboard.byStatusCaption')}
              columns={[t('actions.field.status'), t('actions.dashboard.column.actions')]}
              rows={statusRows.map((r) => [r.label, r.shown])}
              numeric={[1]}
            />
          }
        />
      </section>

      {data.byTheme ? (
        <section class="dashboard__section" aria-labelledby="by-theme">
          <h2 id="by-theme">{t('actions.dashboard.byTheme')}</h2>
          <ChartPair
            chart={
              <BarChart
                data={data.byTheme.map((th) => ({
                  label: th.title ?? t('actions.plan.noTheme'),
                  value: th.actions,
                  shown: page.i18n.number(th.actions),
                }))}
              />
            }
            table={
              <Table
                caption={t('actions.dashboard.byThemeCaption')}
                columns={[
                  t('actions.field.theme'),
                  t('actions.dashboard.column.actions'),
                  t('actions.dashboard.column.averageProgress'),
                ]}
                rows={data.byTheme.map((th) => [
                  th.title ?? t('actions.plan.noTheme'),
                  page.i18n.number(th.actions),
                  percent(page, th.progress),
                ])}
                numeric={[1, 2]}
              />
            }
          />
        </section>
      ) : null}

      {data.byPartnership ? (
        <section class="dashboard__section" aria-labelledby="by-partnership">
          <h2 id="by-partnership">{t('actions.dashboard.byPartnership')}</h2>
          {(() => {
            const rows = [
              ...data.byPartnership.map((p) => ({
                label: p.partnership.title,
                slug: p.partnership.slug as string | null,
                value: p.actions,
                shown: page.i18n.number(p.actions),
              })),
              ...((data.otherPartnerships ?? 0) > 0
                ? [
                    {
                      label: t('actions.dashboard.otherPartnerships'),
                      slug: null,
                      value: data.otherPartnerships!,
                      shown: page.i18n.number(data.otherPartnerships!),
                    },
                  ]
                : []),
            ];
            return (
              <ChartPair
                chart={<BarChart data={rows} />}
                table={
                  <Table
                    caption={t('actions.dashboard.byPartnershipCaption')}
                    columns={[t('actions.dashboard.column.partnership'), t('actions.dashboard.column.actions')]}
                    rows={rows.map((r) => [
                      r.slug ? <a href={page.href(`/partnerships/${r.slug}/actions/dashboard`)}>{r.label}</a> : r.label,
                      r.shown,
                    ])}
                    numeric={[1]}
                  />
                }
              />
            );
          })()}
        </section>
      ) : null}

      <section class="dashboard__section" aria-labelledby="progress">
        <h2 id="progress">{t('actions.dashboard.progress')}</h2>
        {progress.length === 0 ? (
          <p>{t('actions.dashboard.noProgress')}</p>
        ) : (
          <ChartPair
            chart={
              <LineChart
                data={progress.map((p) => ({ label: monthName(page, p.month, true), value: p.average ?? 0 }))}
                max={100}
                ticks={[0, 25, 50, 75, 100].map((value) => ({ value, shown: percent(page, value) }))}
              />
            }
            table={
              <Table
                caption={t('actions.dashboard.progressCaption')}
                columns={[
                  t('actions.dashboard.column.month'),
                  t('actions.dashboard.column.averageProgress'),
                  t('actions.dashboard.column.counted'),
                ]}
                rows={progress.map((p) => [
                  monthName(page, p.month),
                  percent(page, p.average),
                  page.i18n.number(p.actions),
                ])}
                numeric={[1, 2]}
              />
            }
          />
        )}
      </section>

      {[
        listed(
          t('actions.dashboard.late'),
          'late',
          data.late,
          t('actions.dashboard.lateCaption'),
          deliverableColumns,
          deliverableRow,
        ),
        listed(
          dueSoon,
          'due-soon',
          data.dueSoon,
          t('actions.dashboard.dueSoonCaption', { days: data.dueDays }),
          deliverableColumns,
          deliverableRow,
        ),
        listed(
          t('actions.dashboard.challenges'),
          'challenges',
          data.openChallenges,
          t('actions.dashboard.challengesCaption'),
          [
            action,
            t('actions.dashboard.column.challenge'),
            t('actions.dashboard.column.impact'),
            t('actions.dashboard.column.raised'),
          ],
          (c) => [
            <ActionLink page={page} a={c.action} platform={platform} />,
            <span lang={c.action.lang !== page.locale ? c.action.lang : undefined}>{c.description}</span>,
            t('actions.impact', { impact: c.impact }),
            <time dateTime={c.raisedOn}>{planDate(page, c.raisedOn)}</time>,
          ],
        ),
        listed(
          stale,
          'stale',
          data.stale,
          t('actions.dashboard.staleCaption', { days: data.staleDays }),
          [action, t('actions.field.status'), t('actions.field.progress'), t('actions.dashboard.column.updated')],
          (a) => [
            <ActionLink page={page} a={a.action} platform={platform} />,
            t(`actions.status.${a.status}`),
            percent(page, a.progress),
            <time dateTime={a.updatedAt}>{page.i18n.date(a.updatedAt, 'medium')}</time>,
          ],
        ),
      ]}
    </div>
  );
}

/** A partnership's dashboard, in its frame under the Actions tab. */
export function DashboardPage({
  page,
  body,
  partnership,
  tabs,
}: {
  page: PageContext;
  body: Placeable;
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
}) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('actions.dashboard.title', { partnership: partnership.title })}
      breadcrumbs={[
        { label: t('actions.partnerships'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: t('actions.hub.tab'), path: `/partnerships/${partnership.slug}/actions` },
        { label: t('actions.dashboard.heading') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/actions">
        <h1>{t('actions.dashboard.heading')}</h1>
        <p class="print-hidden">
          <a href={page.href(`/partnerships/${partnership.slug}/actions`)}>{t('actions.dashboard.toPlan')}</a> ·{' '}
          <a href={page.href('/actions')}>{t('actions.dashboard.toPlatform')}</a>
        </p>
        <Shared html={body} />
      </PartnershipFrame>
    </Layout>
  );
}

/** The platform's dashboard: every partnership's actions the reader may see. */
export function PlatformDashboardPage({ page, body }: { page: PageContext; body: Placeable }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('actions.platform.title')} breadcrumbs={[{ label: t('actions.platform.title') }]}>
      <h1>{t('actions.platform.title')}</h1>
      <p>{t('actions.platform.intro')}</p>
      <Shared html={body} />
    </Layout>
  );
}

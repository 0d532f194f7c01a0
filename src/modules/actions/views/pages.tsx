import { type Placeable, Shared } from '../../../core/shared/index.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { actionPath } from '../actions.present.js';
import type { ActionHistory } from '../actions.schema.js';
import { actionLabel } from './parts.js';
import { VersionPicker } from './ComparePage.js';
import { RelatedNews } from './RelatedNews.js';
import type { RelatedPost } from '../actions.news.js';
import type { VNode } from 'preact';
import { TransferLinks } from './ImportPage.js';

interface Frame {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
}

const crumbs = (page: PageContext, partnership: PartnershipDetail) => [
  { label: page.t('actions.partnerships'), path: '/partnerships' },
  { label: partnership.title, path: `/partnerships/${partnership.slug}` },
];

/** A partnership's action plan: the filter form and the actions by theme (a fragment). */
export function PlanPage({
  page,
  view,
}: {
  page: PageContext;
  view: Frame & { list: Placeable; importable?: boolean; plannable?: boolean };
}) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('actions.plan.title', { partnership: view.partnership.title })}
      breadcrumbs={[...crumbs(page, view.partnership), { label: t('actions.hub.tab') }]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>{t('actions.plan.heading')}</h1>
        {view.plannable ? (
          <p>
            <a class="button" href={page.href(`/partnerships/${view.partnership.slug}/actions/new`)}>
              {t('actions.edit.title.new')}
            </a>
          </p>
        ) : null}
        <p>
          <a href={page.href(`/partnerships/${view.partnership.slug}/actions/dashboard`)}>
            {t('actions.dashboard.link')}
          </a>
        </p>
        <TransferLinks page={page} slug={view.partnership.slug} importable={view.importable ?? false} />
        <Shared html={view.list} />
      </PartnershipFrame>
    </Layout>
  );
}

/** One action: its title in the frame, the rest a fragment. */
export function ActionPage({
  page,
  view,
}: {
  page: PageContext;
  view: Frame & {
    number: number;
    title: string;
    lang: string;
    body: Placeable;
    updatable?: boolean;
    /** May the reader merge it into another action (coordinators, administrators). */
    plannable?: boolean;
    /** News posts naming the action that the reader may see; other modules' sections (comments). */
    relatedNews?: readonly RelatedPost[];
    sections?: readonly VNode[];
    /** The reader's follow button (follows module), read fresh. */
    follow?: VNode | null;
  };
}) {
  const { t } = page;
  const label = actionLabel(page, view.number);
  return (
    <Layout
      page={page}
      title={`${label}: ${view.title}`}
      breadcrumbs={[
        ...crumbs(page, view.partnership),
        { label: t('actions.hub.tab'), path: `/partnerships/${view.partnership.slug}/actions` },
        { label },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>
          {label}: <span lang={view.lang !== page.locale ? view.lang : undefined}>{view.title}</span>
        </h1>
        {view.updatable || view.plannable ? (
          <OwnLinks page={page} base={actionPath(view.partnership.slug, view.number)} view={view} />
        ) : null}
        {view.follow ?? null}
        <Shared html={view.body} />
        <RelatedNews page={page} posts={view.relatedNews ?? []} />
        {view.sections}
      </PartnershipFrame>
    </Layout>
  );
}

/** Every version of an action, newest first. */
export function HistoryPage({
  page,
  view,
}: {
  page: PageContext;
  view: Frame & { title: string; history: ActionHistory };
}) {
  const { t } = page;
  const { number, versions } = view.history;
  const label = actionLabel(page, number);
  const base = actionPath(view.partnership.slug, number);
  return (
    <Layout
      page={page}
      title={t('actions.history.title', { action: label })}
      breadcrumbs={[
        ...crumbs(page, view.partnership),
        { label: t('actions.hub.tab'), path: `/partnerships/${view.partnership.slug}/actions` },
        { label, path: base },
        { label: t('actions.section.history') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>{t('actions.history.title', { action: label })}</h1>
        <p>
          <a href={page.href(base)}>{view.title}</a>
        </p>
        <VersionPicker page={page} slug={view.partnership.slug} number={number} versions={versions} />
        <table class="table">
          <caption>{t('actions.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('actions.history.version')}</th>
              <th scope="col">{t('actions.history.when')}</th>
              <th scope="col">{t('actions.history.by')}</th>
              <th scope="col">{t('actions.field.status')}</th>
              <th scope="col">{t('actions.field.progress')}</th>
              <th scope="col">{t('actions.history.explanation')}</th>
              <th scope="col">{t('actions.compare.column')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <th scope="row">{v.version}</th>
                <td>
                  <time dateTime={v.at}>{page.i18n.date(v.at, 'medium')}</time>
                </td>
                <td>{v.by ?? t('actions.byPlatform')}</td>
                <td>{t(`actions.status.${v.status}`)}</td>
                <td>{t('actions.progressValue', { progress: v.progress })}</td>
                <td>{v.explanation}</td>
                <td>
                  {v.version > 1 ? (
                    <a href={page.href(`${base}/history/compare?from=${v.version - 1}&to=${v.version}`)}>
                      {t('actions.compare.withPrevious', { version: v.version })}
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </PartnershipFrame>
    </Layout>
  );
}

/** What this reader may do to an action (updating, editing, merging): theirs alone, outside the shared body. */
function OwnLinks({
  page,
  base,
  view,
}: {
  page: PageContext;
  base: string;
  view: { updatable?: boolean; plannable?: boolean };
}) {
  const { t } = page;
  return (
    <p class="page-actions">
      {view.updatable ? (
        <>
          <a class="button" href={page.href(`${base}/update`)}>
            {t('actions.update.link')}
          </a>
          <a href={page.href(`${base}/edit`)}>{t('actions.edit.link')}</a>
        </>
      ) : null}
      {view.plannable ? <a href={page.href(`${base}/merge`)}>{t('actions.merge.link')}</a> : null}
    </p>
  );
}

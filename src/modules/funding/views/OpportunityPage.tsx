import type { VNode } from 'preact';
import { InLanguage, Tags } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { DetailOut } from '../funding.present.js';
import { programmePath } from '../funding.present.js';
import { FollowButton } from './FollowButton.js';
import { LinkList } from './Links.js';
import { eligibilityInWords, euros, grantRange, inItsZone, StatusBadge } from './parts.js';

export interface OpportunityView {
  o: DetailOut;
  /** The body, rendered and sanitised (news' Markdown). */
  html: string;
  /** The reader's own zone when it is not the item's, for the second column of times. */
  readerZone: string | null;
  /** Other parts' sections (matching, following …), when they add any. */
  sections?: readonly VNode[];
  /** The reader's own, read fresh per request: whether they may edit it, whether they follow it (null: a visitor). */
  mayEdit?: boolean;
  following?: boolean | null;
}

/** An item of the register, whole. */
export function OpportunityPage({ page, view }: { page: PageContext; view: OpportunityView }) {
  const { t } = page;
  const { o } = view;
  const grant = grantRange(page, o.grant_min_eur, o.grant_max_eur);
  const yours = view.readerZone && view.readerZone !== o.time_zone ? page.i18n.inZone(view.readerZone) : null;
  const other = o.lang !== page.locale ? o.lang : undefined;
  return (
    <Layout
      page={page}
      title={o.title}
      description={o.summary}
      breadcrumbs={[{ label: t('funding.register.title'), path: '/funding' }, { label: o.title }]}
    >
      <InLanguage page={page} lang={o.lang} as="h1" labelled>
        {o.title}
      </InLanguage>
      <p class="subtitle">
        <StatusBadge page={page} status={o.status} /> · {t(`funding.kind.${o.kind}`)}
        {o.stage ? ` · ${t(`funding.stage.${o.stage}`)}` : ''}
        {o.state !== 'published' ? ` · ${t(`funding.state.${o.state}`)}` : ''}
      </p>
      <p class="lead" lang={other}>
        {o.summary}
      </p>
      <LinkList
        page={page}
        links={[
          ...(view.mayEdit ? [{ label: t('funding.links.editItem'), path: `/funding/${o.id}/edit` }] : []),
          { label: t('funding.links.history'), path: `/funding/${o.id}/history` },
        ]}
      />
      {view.following !== undefined ? (
        <FollowButton
          page={page}
          type="item"
          targetKey={String(o.id)}
          title={o.title}
          following={view.following}
          back={page.href(`/funding/${o.id}`)}
        />
      ) : null}
      <dl class="facts">
        <dt>{t('funding.register.programme')}</dt>
        <dd>
          {o.programme ? (
            <a href={page.href(programmePath(o.programme.slug))}>{o.programme.name}</a>
          ) : (
            t('funding.item.noProgramme')
          )}
        </dd>
        <dt>{t('funding.item.opens')}</dt>
        <dd>
          {o.opens_at ? (
            <time dateTime={o.opens_at}>{inItsZone(page, o.opens_at, o.time_zone)}</time>
          ) : (
            t('funding.item.alreadyOpen')
          )}
        </dd>
        {o.budget_eur !== null ? (
          <>
            <dt>{t('funding.register.budget')}</dt>
            <dd>{euros(page, o.budget_eur)}</dd>
          </>
        ) : null}
        {grant ? (
          <>
            <dt>{t('funding.register.grant')}</dt>
            <dd>{grant}</dd>
          </>
        ) : null}
        {o.cofinancing_rate !== null ? (
          <>
            <dt>{t('funding.item.cofinancing')}</dt>
            <dd>{t('funding.item.percent', { rate: o.cofinancing_rate })}</dd>
          </>
        ) : null}
        <dt>{t('funding.register.whoMayApply')}</dt>
        <dd>{eligibilityInWords(page, o.eligibility)}</dd>
        {o.url ? (
          <>
            <dt>{t('funding.item.official')}</dt>
            <dd>
              <a href={o.url} rel="noopener noreferrer external">
                {o.url}
              </a>
            </dd>
          </>
        ) : null}
        {o.contact ? (
          <>
            <dt>{t('funding.item.contact')}</dt>
            <dd lang={other}>{o.contact}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('funding.item.deadlines')}</h2>
      {o.deadlines.length === 0 ? (
        <p>{t('funding.register.noDeadline')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption>{t('funding.item.deadlinesCaption', { zone: o.time_zone })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('funding.item.stage')}</th>
                <th scope="col">{t('funding.item.itsTime', { zone: o.time_zone })}</th>
                {yours ? <th scope="col">{t('funding.item.yourTime', { zone: view.readerZone! })}</th> : null}
              </tr>
            </thead>
            <tbody>
              {o.deadlines.map((d, i) => (
                <tr>
                  <th scope="row" lang={d.label ? other : undefined}>
                    {d.label || t('funding.item.deadlineNumber', { number: i + 1 })}
                  </th>
                  <td>
                    <time dateTime={d.at}>{inItsZone(page, d.at, o.time_zone)}</time>
                  </td>
                  {yours ? (
                    <td>
                      <time dateTime={d.at}>{yours.dateTime(d.at)}</time>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.html ? (
        <>
          <h2>{t('funding.item.details')}</h2>
          <div class="prose" lang={other} dangerouslySetInnerHTML={{ __html: view.html }} />
        </>
      ) : null}
      {o.topics.length ? (
        <>
          <h2>{t('funding.register.topics')}</h2>
          <Tags page={page} label={t('funding.register.topics')} tags={o.topics} />
        </>
      ) : null}
      {view.sections ?? null}
    </Layout>
  );
}

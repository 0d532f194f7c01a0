import type { VNode } from 'preact';
import { Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { CommentState } from '../comments.policy.js';
import type { ReportedCommentJson, ReportedCommentsJson } from '../comments.schema.js';
import { ModerationActions, TextBody } from './CommentThread.js';

export type ModerationDone = 'hidden' | 'unhidden' | 'dismissed';

/** A queued comment as the rules see it (everything in the queue is on a target the reader moderates). */
const stateOf = (item: ReportedCommentJson): CommentState => ({
  authorId: null,
  deleted: false,
  hidden: item.hidden !== null,
  hiddenByModerator: item.hidden?.byModerator ?? false,
  reports: item.reports,
});

function StateLine({ page, item }: { page: PageContext; item: ReportedCommentJson }) {
  const { t } = page;
  if (!item.hidden) return <p>{t('comments.reported.state.visible')}</p>;
  if (!item.hidden.byModerator) return <p>{t('comments.reported.state.hiddenAutomatically')}</p>;
  return <p>{t('comments.reported.state.hiddenByModerator', { reason: item.hidden.reason ?? '' })}</p>;
}

function ReportedItem({ page, item }: { page: PageContext; item: ReportedCommentJson }) {
  const { t } = page;
  const name = item.author?.displayName ?? t('accounts.deletedUser');
  const headingId = `comment-${item.id}-heading`;
  const reasonsId = `comment-${item.id}-reasons`;
  const actions = ModerationActions({
    page,
    id: item.id,
    state: stateOf(item),
    target: { mayModerate: true },
    name,
    from: 'reported',
  });
  return (
    <article id={`comment-${item.id}`} class="comment" aria-labelledby={headingId}>
      <header class="comment__meta">
        <h2 id={headingId} class="comment__author">
          {t('comments.reported.heading', { name })}
        </h2>{' '}
        <time datetime={item.createdAt}>{page.i18n.dateTime(item.createdAt)}</time>
        {item.editedAt ? (
          <>
            {' '}
            <span class="comment__edited">
              {t('comments.edited')} <time datetime={item.editedAt}>{page.i18n.dateTime(item.editedAt)}</time>
            </span>
          </>
        ) : null}
      </header>
      <p>
        {t('comments.page.on')}{' '}
        <a href={page.href(item.target.path)} lang={item.target.lang !== page.locale ? item.target.lang : undefined}>
          {item.target.title}
        </a>
      </p>
      <StateLine page={page} item={item} />
      <p id={reasonsId}>{t('comments.reported.reports', { count: item.reports })}</p>
      {item.reasons.length > 0 ? (
        <ul class="comment__reasons" aria-labelledby={reasonsId}>
          {item.reasons.map((reason) => (
            <li>{reason}</li>
          ))}
        </ul>
      ) : null}
      <TextBody text={item.body} lang={item.lang !== page.locale ? item.lang : undefined} />
      <p>
        <a href={page.href(item.inContext)}>{t('comments.reported.inContext', { name })}</a>
      </p>
      {actions.length ? <div class="comment__actions">{actions}</div> : null}
    </article>
  );
}

/**
 * The moderation queue: reported or hidden comments on what the reader moderates, newest
 * first, each with its reports, its text, a link to it in its thread and the moderator's
 * actions; paged by keyset ("newest" back to the start, "older" on).
 */
export function ReportedPage({
  page,
  data,
  firstPage,
  done,
}: {
  page: PageContext;
  data: ReportedCommentsJson;
  firstPage: boolean;
  done: ModerationDone | null;
}) {
  const { t } = page;
  const title = t('comments.reported.title');
  const links: VNode[] = [];
  if (!firstPage) {
    links.push(
      <li>
        <a href={page.href('/comments/reported')}>{t('comments.reported.newest')}</a>
      </li>,
    );
  }
  if (data.next !== null) {
    links.push(
      <li>
        <a href={page.href(`/comments/reported?before=${data.next}`)} rel="next">
          {t('comments.reported.older')}
        </a>
      </li>,
    );
  }
  return (
    <Layout page={page} title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      {done ? <Notice kind="success">{t(`comments.reported.done.${done}`)}</Notice> : null}
      <p>{t('comments.reported.intro')}</p>
      {data.items.length === 0 ? (
        <p>{t(firstPage ? 'comments.reported.empty' : 'comments.reported.noMore')}</p>
      ) : (
        <ol class="comments__list">
          {data.items.map((item) => (
            <li>
              <ReportedItem page={page} item={item} />
            </li>
          ))}
        </ol>
      )}
      {links.length ? (
        <nav class="pagination" aria-label={t('comments.reported.pages')}>
          <ul>{links}</ul>
        </nav>
      ) : null}
    </Layout>
  );
}

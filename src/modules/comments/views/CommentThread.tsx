import type { VNode } from 'preact';
import type { Actor } from '../../../core/auth/actor.js';
import type { CommentTarget } from '../../../core/module.js';
import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { UserSummary } from '../../accounts/index.js';
import { displayNameOf } from '../../accounts/index.js';
import type { CommentRow } from '../comments.queries.js';
import { mayDelete, mayEdit, mayHide, mayReply, mayReport, mayUnhide, type CommentState } from '../comments.policy.js';
import { stateOf, type Thread } from '../comments.service.js';

/** Deeper replies than this are shown at this indentation (the thread itself goes on). */
export const MAX_INDENT = 4;

export interface ThreadView {
  page: PageContext;
  type: string;
  id: number;
  target: CommentTarget;
  thread: Thread;
  authors: Map<number, UserSummary>;
  reported: Set<number>;
  /** The address of the target's page (with `/{lang}`), for paging and folding links. */
  base: string;
  /** The `?thread=` being shown, if any. */
  focused: number | null;
}

/** Plain text as paragraphs (blank lines) and line breaks; Preact escapes every character. */
export function TextBody({ text, lang }: { text: string; lang?: string | undefined }) {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <div class="comment__body" lang={lang}>
      {paragraphs.map((p) => {
        const lines = p.split('\n');
        return <p>{lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>;
      })}
    </div>
  );
}

const nameOf = (view: ThreadView, c: CommentRow) => {
  const author = c.author_id === null ? undefined : view.authors.get(c.author_id);
  return author ? displayNameOf(author, view.page.t) : view.page.t('accounts.deletedUser');
};

/** The comment form: a new comment, or (with `parent`) a reply. */
export function CommentForm({ page, type, id, parent, label, body, error }: { page: PageContext; type: string; id: number; parent?: { id: number }; label: string; body?: string; error?: string | undefined }) {
  const fieldId = parent ? `comment-body-${parent.id}` : 'comment-body';
  const errorId = `${fieldId}-error`;
  return (
    <Form page={page} action={page.href('/comments')} class="comment-form">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="id" value={String(id)} />
      {parent ? <input type="hidden" name="parent" value={String(parent.id)} /> : null}
      <div class={`field${error ? ' field--error' : ''}`}>
        <label class="field__label" for={fieldId}>
          {label}
        </label>
        {error ? (
          <p class="field__error" id={errorId}>
            {error}
          </p>
        ) : null}
        <textarea id={fieldId} name="body" class="input" rows={parent ? 4 : 6} maxLength={5000} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errorId : undefined}>
          {body ?? ''}
        </textarea>
      </div>
      <Button>{parent ? page.t('comments.reply.submit') : page.t('comments.form.submit')}</Button>
    </Form>
  );
}

function CommentArticle({ view, comment }: { view: ThreadView; comment: CommentRow }) {
  const { page } = view;
  const { t } = page;
  const actor: Actor = page.actor;
  const state = stateOf(comment);
  const author = comment.author_id === null ? undefined : view.authors.get(comment.author_id);
  const name = nameOf(view, comment);
  const isAuthor = actor.kind === 'user' && comment.author_id === actor.id;
  const headingId = `comment-${comment.id}-heading`;
  let content: VNode;
  if (state.deleted) content = <p class="comment__placeholder">{t('comments.deleted')}</p>;
  else if (state.hidden && isAuthor) {
    content = (
      <>
        <p class="comment__placeholder">
          {comment.hidden_by === null ? t('comments.hidden.automaticallyYours') : t('comments.hidden.yours', { reason: comment.hidden_reason ?? '' })}
        </p>
        <TextBody text={comment.body} lang={comment.lang !== page.locale ? comment.lang : undefined} />
      </>
    );
  } else if (state.hidden) content = <p class="comment__placeholder">{t('comments.hidden.byModerator')}</p>;
  else content = <TextBody text={comment.body} lang={comment.lang !== page.locale ? comment.lang : undefined} />;
  return (
    <article id={`comment-${comment.id}`} class="comment" aria-labelledby={headingId}>
      <header class="comment__meta">
        <h3 id={headingId} class="comment__author">
          {state.deleted ? (
            t('comments.deletedHeading')
          ) : author && !author.deleted ? (
            <a href={page.href(`/people/${encodeURIComponent(author.handle)}`)}>{name}</a>
          ) : (
            name
          )}
        </h3>{' '}
        <time datetime={comment.created_at}>{page.i18n.dateTime(comment.created_at)}</time>
        {comment.edited_at && !state.deleted ? (
          <>
            {' '}
            <span class="comment__edited">
              {t('comments.edited')} <time datetime={comment.edited_at}>{page.i18n.dateTime(comment.edited_at)}</time>
            </span>
          </>
        ) : null}
      </header>
      {content}
      {CommentActionLinks(page, comment.id, name, state, { mayComment: view.target.mayComment, mayModerate: view.target.mayModerate, reported: view.reported.has(comment.id) })}
    </article>
  );
}

/** What the reader may do on the comment's target, and whether they reported it, for its action links. */
export interface ActionFlags {
  /** The reader may comment on the target (so reply to its comments). */
  mayComment: boolean;
  /** The reader moderates the target. */
  mayModerate: boolean;
  /** The reader reported this comment already. */
  reported: boolean;
}

/**
 * A comment's actions as plain links, each to a small page of its own that works without
 * JavaScript (reply, edit, delete, report; for moderators hide or keep hidden, show again or
 * dismiss the reports): no form and no CSRF token, so it costs a few links per comment and
 * depends only on these arguments. The link texts name the author (`name`), so that a
 * screen reader's list of links tells them apart.
 */
export function CommentActionLinks(page: PageContext, id: number, name: string, state: CommentState, flags: ActionFlags): VNode | null {
  const { t } = page;
  const items: VNode[] = [];
  const link = (route: string, text: string) =>
    items.push(
      <a class="comment__action" href={page.href(`/comments/${id}/${route}`)}>
        {text}
      </a>,
    );
  if (mayReply(state, flags)) link('reply', t('comments.reply.open', { name }));
  if (mayEdit(state, page.actor)) link('edit', t('comments.edit.open'));
  if (mayDelete(state, page.actor)) link('delete', t('comments.delete.open'));
  if (mayReport(state, page.actor)) {
    if (flags.reported) items.push(<span class="comment__action">{t('comments.report.done')}</span>);
    else link('report', t('comments.report.open', { name }));
  }
  if (mayHide(state, flags)) link('hide', t(state.hidden ? 'comments.keepHidden.open' : 'comments.hide.open', { name }));
  if (mayUnhide(state, flags)) link('unhide', t(state.hidden ? 'comments.unhide.open' : 'comments.dismiss.open', { name }));
  return items.length ? <div class="comment__actions">{items}</div> : null;
}

/**
 * A moderator's actions on a comment in the moderation queue, each a disclosure with a reason
 * field: hide it (or keep one hidden automatically, with a reason), show a hidden one again,
 * or dismiss the reports on a visible one. `from` sends the moderator back to the queue
 * rather than the thread. (The thread links to a page for each instead: CommentActionLinks.)
 */
export function ModerationActions({
  page,
  id,
  state,
  target,
  name,
  from,
}: {
  page: PageContext;
  id: number;
  state: CommentState;
  target: Pick<CommentTarget, 'mayModerate'>;
  name: string;
  from?: 'reported';
}): VNode[] {
  const { t } = page;
  const action = (suffix: string) => page.href(`/comments/${id}/${suffix}`);
  const actions: VNode[] = [];
  const disclosure = (kind: 'hide' | 'keepHidden' | 'unhide' | 'dismiss', route: 'hide' | 'unhide') => (
    <details class="comment__action">
      <summary>{t(`comments.${kind}.open`, { name })}</summary>
      <ReasonForm page={page} action={action(route)} id={`${kind}-${id}`} label={t(`comments.${kind}.reason`)} submit={t(`comments.${kind}.submit`)} from={from} />
    </details>
  );
  if (mayHide(state, target)) actions.push(disclosure(state.hidden ? 'keepHidden' : 'hide', 'hide'));
  if (mayUnhide(state, target)) actions.push(disclosure(state.hidden ? 'unhide' : 'dismiss', 'unhide'));
  return actions;
}

export function ReasonForm({
  page,
  action,
  id,
  label,
  submit,
  value,
  error,
  from,
}: {
  page: PageContext;
  action: string;
  id: string;
  label: string;
  submit: string;
  value?: string;
  error?: string | undefined;
  from?: 'reported' | undefined;
}) {
  const fieldId = `${id}-reason`;
  return (
    <Form page={page} action={action}>
      {from ? <input type="hidden" name="from" value={from} /> : null}
      <div class={`field${error ? ' field--error' : ''}`}>
        <label class="field__label" for={fieldId}>
          {label}
        </label>
        {error ? (
          <p class="field__error" id={`${fieldId}-error`}>
            {error}
          </p>
        ) : null}
        <input id={fieldId} name="reason" class="input" maxLength={500} required value={value ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} />
      </div>
      <Button variant="secondary">{submit}</Button>
    </Form>
  );
}

/** Replies as nested lists, indented up to MAX_INDENT; deeper ones stay at that indentation. */
function Replies({ view, parentId, byParent, depth }: { view: ThreadView; parentId: number; byParent: Map<number, CommentRow[]>; depth: number }): VNode | null {
  const children = byParent.get(parentId) ?? [];
  if (children.length === 0) return null;
  const items: VNode[] = [];
  const push = (c: CommentRow) => {
    items.push(
      <li>
        <CommentArticle view={view} comment={c} />
        {depth < MAX_INDENT ? <Replies view={view} parentId={c.id} byParent={byParent} depth={depth + 1} /> : null}
      </li>,
    );
    // Past the deepest indentation, the replies follow in the same list.
    if (depth >= MAX_INDENT) for (const child of byParent.get(c.id) ?? []) push(child);
  };
  for (const c of children) push(c);
  return <ol class={`comments__replies comments__replies--${Math.min(depth, MAX_INDENT)}`}>{items}</ol>;
}

/**
 * Paging through the top-level comments without JavaScript: the first page, the earlier and
 * the later comments (keyset cursors both ways), in a navigation landmark of its own name.
 */
function CommentPages({ view }: { view: ThreadView }) {
  const { page, thread, base } = view;
  const { t } = page;
  if (view.focused !== null || (thread.previous === null && thread.next === null)) return null;
  const sep = base.includes('?') ? '&' : '?';
  const links: VNode[] = [];
  if (thread.previous !== null && !thread.previousIsFirst) {
    links.push(
      <li>
        <a href={`${base}#comments`}>{t('comments.pages.first')}</a>
      </li>,
    );
  }
  if (thread.previous !== null) {
    links.push(
      <li>
        <a href={thread.previousIsFirst ? `${base}#comments` : `${base}${sep}comments_before=${thread.previous}#comments`} rel="prev">
          {t('comments.pages.previous')}
        </a>
      </li>,
    );
  }
  if (thread.next !== null) {
    links.push(
      <li>
        <a href={`${base}${sep}comments_after=${thread.next}#comments`} rel="next">
          {t('comments.pages.next')}
        </a>
      </li>,
    );
  }
  return (
    <nav class="pagination" aria-label={t('comments.pages.label')}>
      <ul>{links}</ul>
    </nav>
  );
}

/** The comments under a piece of content: the thread, paging, folding and the form. */
export function CommentThread(view: ThreadView) {
  const { page, thread, target } = view;
  const { t } = page;
  const sep = view.base.includes('?') ? '&' : '?';
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title', { count: thread.total })}</h2>
      {target.mayModerate ? (
        <p class="comments__moderation">
          <a href={page.href('/comments/reported')}>{t('comments.reported.title')}</a>
        </p>
      ) : null}
      {view.focused !== null ? (
        <p>
          <a href={`${view.base}#comments`}>{t('comments.allComments')}</a>
        </p>
      ) : null}
      {thread.roots.length === 0 && view.focused === null ? <p>{t('comments.none')}</p> : null}
      <ol class="comments__list">
        {thread.roots.map(({ comment, replies, folded }) => {
          const byParent = new Map<number, CommentRow[]>();
          for (const reply of replies) {
            const list = byParent.get(reply.parent_id ?? 0) ?? [];
            list.push(reply);
            byParent.set(reply.parent_id ?? 0, list);
          }
          return (
            <li>
              <CommentArticle view={view} comment={comment} />
              <Replies view={view} parentId={comment.id} byParent={byParent} depth={1} />
              {folded > 0 ? (
                <p class="comments__more">
                  <a href={`${view.base}${sep}thread=${comment.id}#comment-${comment.id}`}>{t('comments.moreReplies', { count: folded })}</a>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <CommentPages view={view} />
      {target.mayComment ? (
        <>
          <h3 id="comment-form-title">{t('comments.form.title')}</h3>
          <CommentForm page={page} type={view.type} id={view.id} label={t('comments.form.label')} />
        </>
      ) : page.actor.kind === 'visitor' ? (
        <p>
          <a href={`${page.href('/sign-in')}?next=${encodeURIComponent(`${page.href(target.path)}#comments`)}`}>{t('comments.signInToComment')}</a>
        </p>
      ) : null}
    </section>
  );
}

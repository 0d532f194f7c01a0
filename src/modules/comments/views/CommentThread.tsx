import type { ComponentChildren, VNode } from 'preact';
import type { Actor } from '../../../core/auth/actor.js';
import type { CommentTarget } from '../../../core/module.js';
import { Slot } from '../../../core/shared/index.js';
import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { UserSummary } from '../../accounts/index.js';
import { authorName } from '../../accounts/index.js';
import type { CommentRow } from '../comments.queries.js';
import { mayDelete, mayEdit, mayHide, mayReply, mayReport, mayUnhide, type CommentState } from '../comments.policy.js';
import { stateOf, type Thread } from '../comments.service.js';

/** Deeper replies than this are shown at this indentation (the thread itself goes on). */
export const MAX_INDENT = 4;

/**
 * What the thread's shared HTML is made from: the same for every reader of the page in one
 * language. Nothing here may depend on who reads (see `comments.fragments.tsx`): what does (the
 * action links, a hidden comment's text for its author, the moderation link) goes into slots.
 */
export interface ThreadView {
  /** A page that knows only the language (its actor is a visitor; it has no form token). */
  page: PageContext;
  thread: Thread;
  authors: Map<number, UserSummary>;
  /** The address of the target's page (with `/{lang}`), for paging and folding links. */
  base: string;
  /** The `?thread=` being shown, if any. */
  focused: number | null;
}

/**
 * Where a line of plain text links: web addresses (http, https; the punctuation that ends a
 * sentence is left out), and a line that is only a path of this site (`/en/funding?topic=…`).
 */
const WEB_ADDRESS = /https?:\/\/[^\s<>"]+/g;
const SITE_PATH = /^\/[a-z]{2}(?:\/[^\s<>"]*)?(?:\?[^\s<>"]*)?$/;

/** A line of plain text with its addresses as links (Preact escapes every character). */
function linked(line: string): (string | VNode)[] {
  const trimmed = line.trim();
  if (SITE_PATH.test(trimmed)) return [<a href={trimmed}>{trimmed}</a>];
  const parts: (string | VNode)[] = [];
  let at = 0;
  for (const match of line.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(/[.,;:!?)\]'’]+$/, '');
    const start = match.index;
    if (start > at) parts.push(line.slice(at, start));
    parts.push(
      <a href={address} rel="nofollow ugc noopener">
        {address}
      </a>,
    );
    at = start + address.length;
  }
  if (at < line.length) parts.push(line.slice(at));
  return parts;
}

/** Plain text as paragraphs (blank lines) and line breaks, addresses linked; Preact escapes every character. */
export function TextBody({ text, lang }: { text: string; lang?: string | undefined }) {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class="comment__body" lang={lang}>
      {paragraphs.map((p) => {
        const lines = p.split('\n');
        return <p>{lines.flatMap((line, i) => (i === 0 ? linked(line) : [<br />, ...linked(line)]))}</p>;
      })}
    </div>
  );
}

/** How a comment's author is named on the page ("deleted user" once the account is gone). */
export const nameOf = (view: Pick<ThreadView, 'page' | 'authors'>, c: CommentRow) =>
  authorName(c.author_id === null ? undefined : view.authors.get(c.author_id), view.page.t);

/** The comment form: a new comment, or (with `parent`) a reply. */
export function CommentForm({
  page,
  type,
  id,
  parent,
  label,
  body,
  error,
}: {
  page: PageContext;
  type: string;
  id: number;
  parent?: { id: number };
  label: string;
  body?: string;
  error?: string | undefined;
}) {
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
        <textarea
          id={fieldId}
          name="body"
          class="input"
          rows={parent ? 4 : 6}
          maxLength={5000}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? errorId : undefined}
        >
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
  const state = stateOf(comment);
  const author = comment.author_id === null ? undefined : view.authors.get(comment.author_id);
  const name = nameOf(view, comment);
  const headingId = `comment-${comment.id}-heading`;
  let content: VNode;
  if (state.deleted) content = <p class="comment__placeholder">{t('comments.deleted')}</p>;
  // Its author reads a hidden comment and why it is hidden; everyone else a placeholder.
  else if (state.hidden) {
    const hidden = {
      author: <HiddenForAuthor page={page} comment={comment} />,
      others: <HiddenForOthers page={page} />,
    };
    content = <Slot name={`h${comment.id}`} options={hidden} />;
  } else content = <TextBody text={comment.body} lang={comment.lang !== page.locale ? comment.lang : undefined} />;
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
      <Slot name={`a${comment.id}`} options={actionOptions(page, comment.id, name, state)} around={ActionBar} />
    </article>
  );
}

/** A hidden comment as everyone but its author reads it. */
export const HiddenForOthers = ({ page }: { page: PageContext }) => (
  <p class="comment__placeholder">{page.t('comments.hidden.byModerator')}</p>
);

/** A hidden comment as its author reads it: why it is hidden, then the text. */
export function HiddenForAuthor({ page, comment }: { page: PageContext; comment: CommentRow }) {
  const { t } = page;
  return (
    <>
      <p class="comment__placeholder">
        {comment.hidden_by === null
          ? t('comments.hidden.automaticallyYours')
          : t('comments.hidden.yours', { reason: comment.hidden_reason ?? '' })}
      </p>
      <TextBody text={comment.body} lang={comment.lang !== page.locale ? comment.lang : undefined} />
    </>
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

/** The actions a comment may offer, each a link (or, once reported, a note), by name. */
export type ActionName = 'reply' | 'edit' | 'delete' | 'report' | 'reported' | 'hide' | 'unhide';

/**
 * A comment's actions as plain links, each to a small page of its own that works without
 * JavaScript (reply, edit, delete, report; for moderators hide or keep hidden, show again or
 * dismiss the reports): no form and no CSRF token. Rendered once per comment and language
 * with the thread (they go into its slot); each reader's page picks the ones they may use
 * (`actionsFor`), by the rules of `comments.policy.ts`. The link texts name the author
 * (`name`), so that a screen reader's list of links tells them apart.
 */
export function actionOptions(
  page: PageContext,
  id: number,
  name: string,
  state: CommentState,
): Record<ActionName, VNode> {
  const { t } = page;
  const link = (route: string, text: string) => (
    <a class="comment__action" href={page.href(`/comments/${id}/${route}`)}>
      {text}
    </a>
  );
  return {
    reply: link('reply', t('comments.reply.open', { name })),
    edit: link('edit', t('comments.edit.open')),
    delete: link('delete', t('comments.delete.open')),
    report: link('report', t('comments.report.open', { name })),
    reported: <span class="comment__action">{t('comments.report.done')}</span>,
    hide: link('hide', t(state.hidden ? 'comments.keepHidden.open' : 'comments.hide.open', { name })),
    unhide: link('unhide', t(state.hidden ? 'comments.unhide.open' : 'comments.dismiss.open', { name })),
  };
}

/** Around a comment's actions, when it has any. */
const ActionBar = (children: ComponentChildren) => <div class="comment__actions">{children}</div>;

/** The actions this reader may use on a comment, in order. */
export function actionsFor(state: CommentState, actor: Actor, flags: ActionFlags): ActionName[] {
  const names: ActionName[] = [];
  if (mayReply(state, flags)) names.push('reply');
  if (mayEdit(state, actor)) names.push('edit');
  if (mayDelete(state, actor)) names.push('delete');
  if (mayReport(state, actor)) names.push(flags.reported ? 'reported' : 'report');
  if (mayHide(state, flags)) names.push('hide');
  if (mayUnhide(state, flags)) names.push('unhide');
  return names;
}

/**
 * A moderator's actions on a comment in the moderation queue, each a disclosure with a reason
 * field: hide it (or keep one hidden automatically, with a reason), show a hidden one again,
 * or dismiss the reports on a visible one. `from` sends the moderator back to the queue
 * rather than the thread. (The thread links to a page for each instead: actionOptions.)
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
      <ReasonForm
        page={page}
        action={action(route)}
        id={`${kind}-${id}`}
        label={t(`comments.${kind}.reason`)}
        submit={t(`comments.${kind}.submit`)}
        from={from}
      />
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
        <input
          id={fieldId}
          name="reason"
          class="input"
          maxLength={500}
          required
          value={value ?? ''}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
        />
      </div>
      <Button variant="secondary">{submit}</Button>
    </Form>
  );
}

/** Replies as nested lists, indented up to MAX_INDENT; deeper ones stay at that indentation. */
function Replies({
  view,
  parentId,
  byParent,
  depth,
}: {
  view: ThreadView;
  parentId: number;
  byParent: Map<number, CommentRow[]>;
  depth: number;
}): VNode | null {
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
        <a
          href={
            thread.previousIsFirst ? `${base}#comments` : `${base}${sep}comments_before=${thread.previous}#comments`
          }
          rel="prev"
        >
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

/**
 * The comments under a piece of content as every reader sees them (the heading, the thread
 * with its slots, paging and folding), without the `<section>` around it or the form.
 */
export function SharedThread(view: ThreadView) {
  const { page, thread } = view;
  const { t } = page;
  const sep = view.base.includes('?') ? '&' : '?';
  return (
    <>
      <h2 id="comments-title">{t('comments.title', { count: thread.total })}</h2>
      <Slot name="moderation" options={{ link: <ModerationLink page={page} /> }} />
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
                  <a href={`${view.base}${sep}thread=${comment.id}#comment-${comment.id}`}>
                    {t('comments.moreReplies', { count: folded })}
                  </a>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <CommentPages view={view} />
    </>
  );
}

/** The link to the moderation queue, for the target's moderators. */
export const ModerationLink = ({ page }: { page: PageContext }) => (
  <p class="comments__moderation">
    <a href={page.href('/comments/reported')}>{page.t('comments.reported.title')}</a>
  </p>
);

/** Below the thread: the comment form for those who may comment, a way to sign in for visitors. */
export function ThreadForm({
  page,
  type,
  id,
  target,
}: {
  page: PageContext;
  type: string;
  id: number;
  target: CommentTarget;
}) {
  const { t } = page;
  if (target.mayComment) {
    return (
      <>
        <h3 id="comment-form-title">{t('comments.form.title')}</h3>
        <CommentForm page={page} type={type} id={id} label={t('comments.form.label')} />
      </>
    );
  }
  if (page.actor.kind !== 'visitor') return null;
  return (
    <p>
      <a href={`${page.href('/sign-in')}?next=${encodeURIComponent(`${page.href(target.path)}#comments`)}`}>
        {t('comments.signInToComment')}
      </a>
    </p>
  );
}

import { renderToString } from 'preact-render-to-string';
import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';
import { neutralPage, SharedHtml } from '../../core/views/shared-html.js';
import { findUsersByIds } from '../accounts/index.js';
import type { CommentState } from './comments.policy.js';
import { loadThread, stateOf } from './comments.service.js';
import {
  actionLinks,
  actionPieces,
  HiddenForAuthor,
  ModerationLink,
  nameOf,
  SharedThread,
  SLOT_PATTERN,
  type ActionPieces,
} from './views/CommentThread.js';

/** Which page of a thread: the `?thread=`, `?comments_after=` and `?comments_before=` cursors. */
export interface ThreadCursor {
  focused?: number | undefined;
  after?: number | undefined;
  before?: number | undefined;
}

/** What a request needs to fill a comment's slots for its reader. */
interface SharedComment {
  state: CommentState;
  pieces: ActionPieces;
  /** Set for a hidden comment: its author's view, and everyone else's. */
  hidden: { forAuthor: string; forOthers: string } | null;
}

/**
 * A page of a thread as HTML shared by every reader in one language: the text between slots
 * (even indexes of `parts`) and the slots (odd indexes: `a12`, `h12`, `m0`), with what fills
 * each slot for any reader.
 */
export interface SharedThreadHtml {
  parts: string[];
  comments: Map<number, SharedComment>;
  /** The comments on the page, for asking which of them the reader reported. */
  ids: number[];
  moderationLink: string;
  /** Who wrote the comments on the page: their own comments get other links. */
  authorIds: Set<number>;
  /**
   * The thread as filled for a reader who wrote none of the page's comments and reported none,
   * by what they may do on the target (`mayComment`, `mayModerate`): most readers are such a
   * reader, and get it without filling the slots again (nor encoding and compressing it: see
   * `SharedHtml`). Filled on first use.
   */
  byClass: Map<string, SharedHtml>;
  bytes: number;
}

/** Renders a page of a thread as shared HTML (see `SharedThreadHtml`). */
export async function renderSharedThread(
  ctx: ModuleContext,
  readerPage: PageContext,
  type: string,
  id: number,
  base: string,
  cursor: ThreadCursor,
): Promise<SharedThreadHtml> {
  const page = neutralPage(readerPage);
  const thread = await loadThread(ctx, type, id, {
    ...(cursor.focused !== undefined ? { thread: cursor.focused } : {}),
    ...(cursor.after !== undefined ? { after: cursor.after } : {}),
    ...(cursor.before !== undefined && cursor.before > 0 ? { before: cursor.before } : {}),
  });
  const all = thread.roots.flatMap((r) => [r.comment, ...r.replies]);
  const authors = await findUsersByIds(
    ctx.db,
    all.flatMap((c) => (c.author_id === null ? [] : [c.author_id])),
  );
  const view = { page, thread, authors, base, focused: cursor.focused ?? null };
  const comments = new Map<number, SharedComment>();
  const forOthers = renderToString(<p class="comment__placeholder">{page.t('comments.hidden.byModerator')}</p>);
  let bytes = 0;
  for (const c of all) {
    const state = stateOf(c);
    const shared: SharedComment = {
      state,
      pieces: actionPieces(page, c.id, nameOf(view, c), state),
      hidden:
        state.hidden && !state.deleted
          ? { forAuthor: renderToString(<HiddenForAuthor page={page} comment={c} />), forOthers }
          : null,
    };
    comments.set(c.id, shared);
    for (const piece of Object.values(shared.pieces)) bytes += piece.length * 2;
    bytes += (shared.hidden?.forAuthor.length ?? 0) * 2 + 200;
  }
  const parts = renderToString(<SharedThread {...view} />).split(SLOT_PATTERN);
  // split() with two groups gives text, kind, id, text, kind, id, …, text: join each slot's two.
  const joined: string[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    joined.push(parts[i] ?? '');
    if (i + 2 < parts.length) joined.push(`${parts[i + 1]}${parts[i + 2]}`);
  }
  for (const part of joined) bytes += part.length * 2;
  const moderationLink = renderToString(<ModerationLink page={page} />);
  const authorIds = new Set(all.flatMap((c) => (c.author_id === null ? [] : [c.author_id])));
  return {
    parts: joined,
    comments,
    ids: all.map((c) => c.id),
    moderationLink,
    authorIds,
    byClass: new Map(),
    bytes: bytes * 3,
  };
}

/** A reader who wrote nothing and reported nothing here: only what they may do on the target matters. */
const BYSTANDER: Actor = { kind: 'user', id: -1, handle: '', displayName: '', isAdmin: false, locale: null };

/**
 * The shared HTML of a thread filled for this reader: as filled once for every reader who may
 * do the same on the target, unless the reader wrote or reported one of the page's comments
 * (then their own links, and their hidden comments' text, are filled in for them alone).
 */
export function threadFor(
  shared: SharedThreadHtml,
  actor: Actor,
  target: Pick<CommentTarget, 'mayComment' | 'mayModerate'>,
  reported: ReadonlySet<number>,
): string | SharedHtml {
  const own = actor.kind === 'user' && shared.authorIds.has(actor.id);
  if (own || shared.ids.some((id) => reported.has(id))) return fillThread(shared, actor, target, reported);
  // A visitor gets no links at all; a signed-in bystander the links of what they may do.
  const reader = actor.kind === 'user' ? BYSTANDER : actor;
  const key = `${actor.kind}:${target.mayComment}:${target.mayModerate}`;
  let filled = shared.byClass.get(key);
  if (filled === undefined) {
    filled = new SharedHtml(fillThread(shared, reader, target, reported));
    shared.byClass.set(key, filled);
  }
  return filled;
}

/** The shared HTML of a thread with its slots filled for this reader. */
export function fillThread(
  shared: SharedThreadHtml,
  actor: Actor,
  target: Pick<CommentTarget, 'mayComment' | 'mayModerate'>,
  reported: ReadonlySet<number>,
): string {
  let html = '';
  const { parts } = shared;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 0) {
      html += part;
      continue;
    }
    if (part === 'm0') {
      if (target.mayModerate) html += shared.moderationLink;
      continue;
    }
    const comment = shared.comments.get(Number(part.slice(1)));
    if (!comment) continue;
    if (part.charCodeAt(0) === 97 /* a */) {
      html += actionLinks(comment.pieces, comment.state, actor, {
        mayComment: target.mayComment,
        mayModerate: target.mayModerate,
        reported: reported.has(Number(part.slice(1))),
      });
    } else if (comment.hidden) {
      const isAuthor = actor.kind === 'user' && comment.state.authorId === actor.id;
      html += isAuthor ? comment.hidden.forAuthor : comment.hidden.forOthers;
    }
  }
  return html;
}

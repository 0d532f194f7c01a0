import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget } from '../../core/module.js';
import { defineFragment, dim, type Filling } from '../../core/shared/index.js';
import { findUsersByIds } from '../accounts/index.js';
import type { CommentState } from './comments.policy.js';
import { loadThread, stateOf } from './comments.service.js';
import { actionsFor, SharedThread } from './views/CommentThread.js';

/**
 * A page of a thread as every reader of a language shares it (the heading, the comments,
 * paging and folding), rendered once per page, language and write generation. What depends on
 * the reader is in slots: each comment's action links (`a<id>`), a hidden comment's content
 * (`h<id>`: its author reads the text and why), the link to the moderation queue
 * (`moderation`). `base` is the address of the target's page; `focused`, `after` and `before`
 * are the `?thread=`, `?comments_after=` and `?comments_before=` of the address.
 */
export const threadPage = defineFragment('comments', 'thread', {
  key: {
    type: dim.text,
    id: dim.id,
    base: dim.text,
    focused: dim.optional(dim.id),
    after: dim.optional(dim.id),
    before: dim.optional(dim.id),
  },
  load: async (ctx, k) => {
    const thread = await loadThread(ctx, k.type, k.id, {
      ...(k.focused !== undefined ? { thread: k.focused } : {}),
      ...(k.after !== undefined ? { after: k.after } : {}),
      ...(k.before !== undefined && k.before > 0 ? { before: k.before } : {}),
    });
    const all = thread.roots.flatMap((r) => [r.comment, ...r.replies]);
    const authors = await findUsersByIds(
      ctx.db,
      all.flatMap((c) => (c.author_id === null ? [] : [c.author_id])),
    );
    // Each comment's state, for the rules that fill its slots.
    const states = new Map<number, CommentState>(all.map((c) => [c.id, stateOf(c)]));
    return { thread, authors, states, base: k.base, focused: k.focused ?? null };
  },
  render: ({ thread, authors, base, focused }, page) => (
    <SharedThread page={page} thread={thread} authors={authors} base={base} focused={focused} />
  ),
});

/** What a reader may do on the target, for filling a thread's slots. */
type Rights = Pick<CommentTarget, 'mayComment' | 'mayModerate'>;

/**
 * How a thread's slots are filled for a reader, by the rules of `comments.policy.ts`. Everything
 * but the slots of the comments they wrote or reported is the same for every reader who may do
 * the same on the target (`sharedAs`), and made once for all of them; those slots are theirs.
 */
export function fillingFor(
  states: ReadonlyMap<number, CommentState>,
  actor: Actor,
  rights: Rights,
  reported: ReadonlySet<number>,
): Filling {
  const idOf = (slot: string) => Number(slot.slice(1));
  const mine = (id: number) => actor.kind === 'user' && states.get(id)?.authorId === actor.id;
  return {
    sharedAs: `${actor.kind}:${rights.mayComment}:${rights.mayModerate}`,
    own: (slot) => slot !== 'moderation' && (mine(idOf(slot)) || reported.has(idOf(slot))),
    pick(slot) {
      if (slot === 'moderation') return rights.mayModerate ? 'link' : null;
      const id = idOf(slot);
      const state = states.get(id);
      if (!state) return null;
      if (slot.startsWith('h')) return mine(id) ? 'author' : 'others';
      return actionsFor(state, actor, { ...rights, reported: reported.has(id) });
    },
  };
}

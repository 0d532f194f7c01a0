import type { Kysely } from 'kysely';
import { h, type VNode } from 'preact';
import Type from 'typebox';
import { preparedQuery } from '../../core/db/prepared.js';
import type { Database } from '../../core/db/types.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import type { PageContext } from '../../core/views/page-context.js';
import { MAX_RELATION_NUMBER, postContentType, relationNumberOf, type PostRelation } from '../news/index.js';
import { audienceIn, mayRead } from './actions.policy.js';
import { actionPath, audienceOfFlag } from './actions.present.js';
import { findActionByNumber, findActionById, toAction, visibleActions, type Action } from './actions.queries.js';

type Db = Kysely<Database>;

/** A news post that names an action of its partnership (news' "Related action" field). */
export interface ActionPostTable {
  action_id: number;
  post_id: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    action_posts: ActionPostTable;
  }
}

/** The most related posts an action's page lists (the newest). */
export const RELATED_SHOWN = 20;

/** "Action 4: Helping cities …". */
const named = (page: PageContext, a: Action) => `${page.t('actions.numbered', { number: a.number })}: ${a.title}`;

// Asked on every reading of a post (which action it names, and whether this reader may see it, is
// read fresh): one indexed read, compiled once.
const actionsOfPost = preparedQuery((db: Db, postId: number) =>
  db
    .selectFrom('action_posts')
    .innerJoin('actions', 'actions.id', 'action_posts.action_id')
    .selectAll('actions')
    .where('action_posts.post_id', '=', postId)
    .orderBy('actions.number'),
);

/** The post names no action any more (then, maybe, `actionId`), in the post's transaction. */
async function link(db: Db, postId: number, actionId: number | null): Promise<void> {
  await db.deleteFrom('action_posts').where('post_id', '=', postId).execute();
  if (actionId === null) return;
  // From the actions table: an action deleted since it was checked links nothing (and fails nothing).
  await db
    .insertInto('action_posts')
    .columns(['action_id', 'post_id'])
    .expression((eb) =>
      eb
        .selectFrom('actions')
        .select((s) => ['actions.id', s.val(postId).as('post_id')])
        .where('actions.id', '=', actionId),
    )
    .execute();
}

/**
 * "Related action": a news post names an action of its partnership's plan (news' `postRelations`;
 * stored in `action_posts`). The writer chooses among the actions they may see; the post's page
 * and JSON name it only to readers who may see it (`maySee`, the one rule), and the action's page
 * lists the posts that name it that its reader may see (news' rule, `relatedNews`).
 */
export const actionNewsLink: PostRelation = {
  name: 'action',
  order: 20,
  label: 'actions.newsLink.field',
  hint: 'actions.newsLink.hint',
  none: 'actions.newsLink.none',
  schema: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_RELATION_NUMBER }), Type.Null()], {
    description:
      'The number of the action of the partnership’s plan that the post is about (4 for Action 4), or null ' +
      'for none. In a post’s JSON: null also when the reader may not see that action. Absent from a write: ' +
      'the post keeps the action it names.',
  }),

  async choices(ctx, place, page) {
    const rows = await ctx.db
      .selectFrom('actions')
      .selectAll()
      .where('partnership_id', '=', place.partnershipId)
      .where(visibleActions(audienceIn(place.standing, place.partnershipId)))
      .orderBy('number')
      .execute();
    return rows.map(toAction).map((a) => ({ value: String(a.number), label: named(page, a) }));
  },

  async current(ctx, postId) {
    const [row] = await actionsOfPost(ctx.db, postId);
    return row ? String(row.number) : '';
  },

  async check(ctx, place, raw) {
    const number = relationNumberOf(raw);
    if (number === null) return { ok: true, save: (db, postId) => link(db, postId, null) };
    const action = number === undefined ? null : await findActionByNumber(ctx.db, place.partnershipId, number);
    // Not a number, no such action in this plan, or one this writer may not see: the same message.
    if (!action || !mayRead(place.standing, action)) return { ok: false, message: 'actions.newsLink.unknown' };
    return { ok: true, save: (db, postId) => link(db, postId, action.id) };
  },

  async shown(ctx, place, postId) {
    const action = (await actionsOfPost(ctx.db, postId))
      .map(toAction)
      .find((a) => a.partnershipId === place.partnershipId && mayRead(place.standing, a));
    if (!action) return { json: null, line: null };
    const path = actionPath(place.partnershipSlug, action.number);
    return {
      json: action.number,
      line: (page): VNode =>
        h(
          'p',
          { class: 'meta' } as Record<string, string>,
          `${page.t('actions.newsLink.about')} `,
          h('a', { href: page.href(path) }, named(page, action)),
        ),
    };
  },
};

/** A post that names an action, as its page lists it. */
export const RelatedPost = Type.Object({
  title: Type.String(),
  path: Type.String({ description: 'The post’s page, after `/{lang}`.' }),
  lang: Type.String(),
  summary: Type.String(),
});
export type RelatedPost = Type.Static<typeof RelatedPost>;

/**
 * The news posts that name an action, newest first, as readers of a language and class see them
 * (news' own rule for that audience: `visibleIds`, then `describe`). Posts can be scheduled: kept
 * per minute.
 */
export const newsReads = defineReads('actions', {
  relatedNews: read({
    key: { action: dim.id, lang: dim.language, membersOnly: dim.flag },
    clock: 60,
    load: async (ctx, k, time): Promise<RelatedPost[]> => {
      const action = await findActionById(ctx.db, k.action);
      if (!action) return [];
      const audience = audienceOfFlag(action.partnershipId, k.membersOnly);
      const rows = await ctx.db
        .selectFrom('action_posts')
        .select('post_id')
        .where('action_id', '=', k.action)
        .where('post_id', 'in', postContentType.visibleIds(ctx.db, audience, time.now))
        .orderBy('post_id', 'desc')
        .limit(RELATED_SHOWN)
        .execute();
      const ids = rows.map((r) => r.post_id);
      const posts = await postContentType.describe(ctx, ids, audience, k.lang, time.now);
      return ids.flatMap((id) => {
        const p = posts.get(id);
        return p ? [{ title: p.title, path: p.path, lang: p.lang, summary: p.summary ?? '' }] : [];
      });
    },
  }),
});

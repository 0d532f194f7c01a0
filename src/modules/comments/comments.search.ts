import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import {
  contentTypesOf,
  type ContentAudience,
  type ContentRef,
  type ContentType,
  type ModuleContext,
  type UrbisModule,
} from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches, markForIndex } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';

type Db = Kysely<Database>;

/** Whoever sees everything: what a comment's document is made with (its visibility is decided when searching). */
const EVERYONE: ContentAudience = { membersOf: 'all', editorOf: 'all', userId: null };

/** The address (after `/{lang}`) of a comment in its thread, as the moderation queue links it: the whole branch. */
const inThread = (targetPath: string, c: { id: number; root_id: number | null }) =>
  `${targetPath}${targetPath.includes('?') ? '&' : '?'}thread=${c.root_id ?? c.id}#comment-${c.id}`;

/** The other modules' content types a comment may be on (never comments themselves). */
const targetTypes = (modules: readonly UrbisModule[]) =>
  [...contentTypesOf(modules)].filter(([type]) => type !== 'comment');

/** Comments by id that may be seen by anyone at all: not deleted, not hidden. */
async function shownComments(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'subject_type', 'subject_id', 'root_id', 'body', 'lang', 'created_at'])
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .where('hidden_at', 'is', null)
    .execute();
}

/** Each comment's target as `audience` may see it (its content type's `describe`), by comment id. */
async function targetsOf(
  ctx: ModuleContext,
  comments: readonly { id: number; subject_type: string; subject_id: number }[],
  audience: ContentAudience,
  locale: string,
  now: Date,
): Promise<Map<number, ContentRef>> {
  const types = new Map(targetTypes(ctx.modules));
  const byType = new Map<string, number[]>();
  for (const c of comments)
    if (types.has(c.subject_type)) byType.set(c.subject_type, [...(byType.get(c.subject_type) ?? []), c.subject_id]);
  const named = new Map<string, Map<number, ContentRef>>();
  for (const [type, ids] of byType) named.set(type, await types.get(type)!.describe(ctx, ids, audience, locale, now));
  const targets = new Map<number, ContentRef>();
  for (const c of comments) {
    const target = named.get(c.subject_type)?.get(c.subject_id);
    if (target) targets.set(c.id, target);
  }
  return targets;
}

/**
 * The one visibility rule of a comment, for other modules (search): a comment is seen when it is
 * neither deleted nor hidden and its target is seen, by the target's own content type (`describe`
 * and `visibleIds`); a comment on something no module declares a content type for is seen by
 * nobody there. Made from the registered modules (`derivedContentTypes`), whose rules it uses.
 */
export function commentContentType(modules: readonly UrbisModule[]): ContentType {
  return {
    async describe(ctx, ids, audience, locale, now) {
      const comments = await shownComments(ctx.db, ids);
      const targets = await targetsOf({ ...ctx, modules }, comments, audience, locale, now);
      const { t } = ctx.i18n(locale);
      const named = new Map<number, ContentRef>();
      for (const c of comments) {
        const target = targets.get(c.id);
        if (!target) continue;
        const text = plainText(c.body);
        named.set(c.id, {
          title: t('comments.search.title', { title: target.title }),
          path: inThread(target.path, c),
          lang: c.lang,
          summary: text.length > 200 ? `${text.slice(0, 199)}…` : text,
        });
      }
      return named;
    },
    visibleIds(db, audience, now) {
      const parts = targetTypes(modules).map(([type, content]) => {
        const seen = content.visibleIds(db, audience, now);
        // A correlated lookup of this comment's target, not a list of every visible target: each
        // engine then asks the rule about one id (on 1,000,000 items, 400 ms → 20 ms on SQLite).
        return sql<SqlBool>`(comments.subject_type = ${type} and exists (
          with v(id) as ${seen} select 1 from v where v.id = comments.subject_id))`;
      });
      const onVisible = parts.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
      return db
        .selectFrom('comments')
        .select('comments.id')
        .where('comments.deleted_at', 'is', null)
        .where('comments.hidden_at', 'is', null)
        .where(onVisible)
        .$asScalar() as Expression<number>;
    },
  };
}

/**
 * Comments as the search index has them: one document per comment that is neither deleted nor hidden
 * (those are not answered, so they leave the index), on content some module declares a content type
 * for: its text, in its language, linked to its place in its target's thread, dated when written.
 * Who finds it is `contentTypes.comment`'s business (where its target is seen).
 */
export const commentSearchSource: SearchSource = {
  type: 'comment',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const comments = await shownComments(ctx.db, ids);
    const targets = await targetsOf(ctx, comments, EVERYONE, 'en', new Date());
    return comments.flatMap((c) => {
      const target = targets.get(c.id);
      if (!target) return [];
      return [
        {
          type: 'comment',
          id: c.id,
          lang: c.lang,
          title: '',
          body: plainText(c.body),
          path: inThread(target.path, c),
          tags: [],
          partnershipId: null,
          date: c.created_at,
        },
      ];
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'comments'),
};

/** Marks comments for the index (written, edited, deleted, hidden, shown again), in the changing transaction. */
export const markCommentsForIndex = (db: Db, ids: readonly number[]): Promise<void> => markForIndex(db, 'comment', ids);

import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentType } from '../../core/module.js';
import type { FundingReader } from './funding.policy.js';

/**
 * `maySee` (funding.policy.ts) as a filter of `funding_opportunities`: published items, and for
 * an editor everything, for anyone else also what they suggested themselves.
 */
export function visibleOpportunities(
  reader: FundingReader,
): (eb: ExpressionBuilder<Database, 'funding_opportunities'>) => Expression<SqlBool> {
  return (eb) => {
    if (reader.editor) return eb.lit(true) as unknown as Expression<SqlBool>;
    const published = eb('funding_opportunities.state', '=', 'published');
    return reader.userId === null
      ? published
      : eb.or([published, eb('funding_opportunities.suggested_by', '=', reader.userId)]);
  };
}

/**
 * The register's items as other modules see them (tag pages, the activity of tags, search):
 * the content audience says nothing of the funding editor role, so what other surfaces list is
 * the published items and a reader's own suggestions, never another's.
 */
export const opportunityContentType: ContentType = {
  async describe(ctx, ids, audience) {
    const out = new Map<number, { title: string; path: string; lang: string; summary?: string }>();
    if (ids.length === 0) return out;
    // What names an item, in one read (search describes a page of results on every request).
    const found = await ctx.db
      .selectFrom('funding_opportunities')
      .select(['id', 'title', 'summary', 'original_lang'])
      .where('id', 'in', [...new Set(ids)])
      .where(visibleOpportunities({ userId: audience.userId, editor: false }))
      .execute();
    for (const o of found)
      out.set(Number(o.id), { title: o.title, path: `/funding/${o.id}`, lang: o.original_lang, summary: o.summary });
    return out;
  },
  visibleIds(db: Kysely<Database>, audience) {
    return db
      .selectFrom('funding_opportunities')
      .select('funding_opportunities.id')
      .where(visibleOpportunities({ userId: audience.userId, editor: false })) as unknown as Expression<number>;
  },
};

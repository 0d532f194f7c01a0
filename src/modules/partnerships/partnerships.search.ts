import type { Expression } from 'kysely';
import type { ContentRef, ContentType, ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';

/**
 * Partnerships as other modules see them (search): every partnership's page is everyone's (its
 * members-only content is each content type's own rule), so every partnership is visible; named
 * in the reader's language where a person translated it, with its summary.
 */
export const partnershipContentType: ContentType = {
  async describe(ctx, ids, _audience, locale) {
    if (ids.length === 0) return new Map();
    const rows = await ctx.db
      .selectFrom('partnerships as p')
      .leftJoin('partnership_translations as tr', (join) =>
        join.onRef('tr.partnership_id', '=', 'p.id').on('tr.lang', '=', locale),
      )
      .select((eb) => [
        'p.id',
        'p.slug',
        eb.fn.coalesce('tr.title', 'p.title').as('title'),
        eb.fn.coalesce('tr.summary', 'p.summary').as('summary'),
        eb.fn.coalesce('tr.lang', 'p.original_lang').as('lang'),
      ])
      .where('p.id', 'in', [...new Set(ids)])
      .execute();
    return new Map(
      rows.map((r): [number, ContentRef] => [
        r.id,
        { title: r.title, path: `/partnerships/${r.slug}`, lang: r.lang, summary: plainText(r.summary).slice(0, 200) },
      ]),
    );
  },
  visibleIds: (db) => db.selectFrom('partnerships').select('partnerships.id').$asScalar() as Expression<number>,
};

/**
 * Partnerships as the search index has them: one document per partnership, its title and summary
 * with their translations, dated by the year it was launched (the year facet).
 */
export const partnershipSearchSource: SearchSource = {
  type: 'partnership',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const [rows, translations] = await Promise.all([
      ctx.db
        .selectFrom('partnerships')
        .select(['id', 'slug', 'original_lang', 'title', 'summary', 'launched_year'])
        .where('id', 'in', unique)
        .execute(),
      ctx.db
        .selectFrom('partnership_translations')
        .select(['partnership_id', 'title', 'summary'])
        .where('partnership_id', 'in', unique)
        .execute(),
    ]);
    return rows.map((p) => ({
      type: 'partnership',
      id: p.id,
      lang: p.original_lang,
      title: p.title,
      body: plainText(
        [p.summary, ...translations.filter((t) => t.partnership_id === p.id).flatMap((t) => [t.title, t.summary])].join(
          '\n',
        ),
      ),
      path: `/partnerships/${p.slug}`,
      tags: [],
      partnershipId: p.id,
      date: `${String(p.launched_year).padStart(4, '0')}-01-01`,
    }));
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'partnerships'),
};

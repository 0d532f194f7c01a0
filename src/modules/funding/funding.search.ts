import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches, markForIndex } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { loadOpportunities } from './funding.queries.js';

/**
 * The register's items as the search index has them: one document per item, suggested and rejected
 * ones too (who finds them is the one rule's business, `contentTypes.opportunity`: published items,
 * and a person's own suggestions): its summary, text, programme, kind, deadlines' labels and contact,
 * its topics (and their labels), and when it opens (else when it was added).
 */
export const opportunitySearchSource: SearchSource = {
  type: 'opportunity',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const items = await loadOpportunities(ctx.db, [...new Set(ids)]);
    if (items.length === 0) return [];
    const found = items.map((o) => o.id);
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'opportunity', found, lang));
    // The kind in every interface language is a word to find the item by ("call", "výzva").
    const kindWords = (kind: string) => ctx.languages.map((lang) => ctx.i18n(lang).t(`funding.kind.${kind}`));
    return items.map((o) => ({
      type: 'opportunity',
      id: o.id,
      lang: o.lang,
      title: o.title,
      body: plainText(
        [
          o.summary,
          o.body,
          o.programme?.name ?? '',
          ...new Set(kindWords(o.kind)),
          ...o.deadlines.map((d) => d.label),
          o.contact,
          ...new Set(labelled.flatMap((byItem) => (byItem.get(o.id) ?? []).map((t) => t.label))),
        ].join('\n'),
      ),
      path: `/funding/${o.id}`,
      tags: (labelled[0]?.get(o.id) ?? []).map((t) => t.slug),
      partnershipId: null,
      date: o.opensAt ?? o.createdAt,
    }));
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'funding_opportunities'),
};

/** Marks the items of a programme for the index (its name is in their documents). */
export async function markProgrammeItemsForIndex(db: Kysely<Database>, programmeId: number): Promise<void> {
  const rows = await db
    .selectFrom('funding_opportunities')
    .select('id')
    .where('programme_id', '=', programmeId)
    .execute();
  await markForIndex(
    db,
    'opportunity',
    rows.map((r) => r.id),
  );
}

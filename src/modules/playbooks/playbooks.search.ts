import type { ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { findPlaybooksByIds, playbookPath, type PlaybookTexts } from './playbooks.queries.js';

const words = (t: PlaybookTexts) => [t.title, t.target, t.introduction, t.steps];

/**
 * Playbooks as the search index has them: one document per playbook in every state (who finds a draft
 * is the one rule's business, `contentTypes.playbook`), with the text of its translations into the
 * interface languages, its tags (and their labels), and when it was published (or written).
 */
export const playbookSearchSource: SearchSource = {
  type: 'playbook',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const unique = [...new Set(ids)];
    const inLanguages: Awaited<ReturnType<typeof findPlaybooksByIds>>[] = [];
    for (const lang of ctx.languages) inLanguages.push(await findPlaybooksByIds(ctx.db, unique, lang));
    const playbooks = inLanguages[0] ?? [];
    if (playbooks.length === 0) return [];
    const found = playbooks.map((l) => l.id);
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'playbook', found, lang));
    return playbooks.map((playbook) => {
      const texts = new Set(
        inLanguages.flatMap((list) => {
          const shown = list.find((l) => l.id === playbook.id)?.shown;
          return shown && shown.lang !== playbook.original.lang ? words(shown) : [];
        }),
      );
      const labels = new Set(labelled.flatMap((byPlaybook) => (byPlaybook.get(playbook.id) ?? []).map((t) => t.label)));
      return {
        type: 'playbook',
        id: playbook.id,
        lang: playbook.original.lang,
        title: playbook.original.title,
        body: plainText([...words(playbook.original).slice(1), ...texts, ...labels].join('\n')),
        path: playbookPath(playbook.slug),
        tags: (labelled[0]?.get(playbook.id) ?? []).map((t) => t.slug),
        partnershipId: playbook.partnershipId,
        date: playbook.publishedAt ?? playbook.createdAt,
      };
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'playbooks'),
};

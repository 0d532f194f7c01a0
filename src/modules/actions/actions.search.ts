import type { Expression, Kysely } from 'kysely';
import { fromFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentRef, ContentType, ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches, markForIndex } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { maySee } from './actions.policy.js';
import { actionPath } from './actions.present.js';
import { findActionsByIds, visibleActionIds } from './actions.queries.js';

type Db = Kysely<Database>;

/** A deliverable's place on its action's page: the list of deliverables. */
const deliverablesPath = (partnership: string, number: number) =>
  `${actionPath(partnership, number)}#action-deliverables`;

/**
 * Actions as the search index has them: one document per action, members-only ones too (who finds
 * them is the one rule's business, `contentTypes.action`): its description, what support it needs,
 * its key activities, deliverables and challenges, its tags (and their labels), and when it starts
 * (else when it was added).
 */
export const actionSearchSource: SearchSource = {
  type: 'action',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const actions = await findActionsByIds(ctx.db, [...new Set(ids)]);
    if (actions.length === 0) return [];
    const found = actions.map((a) => a.id);
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      actions.map((a) => a.partnershipId),
    );
    const [activities, deliverables, challenges] = await Promise.all([
      ctx.db.selectFrom('action_activities').select(['action_id', 'title']).where('action_id', 'in', found).execute(),
      ctx.db.selectFrom('action_deliverables').select(['action_id', 'title']).where('action_id', 'in', found).execute(),
      ctx.db
        .selectFrom('action_challenges')
        .select(['action_id', 'description', 'mitigation'])
        .where('action_id', 'in', found)
        .execute(),
    ]);
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'action', found, lang));
    return actions.flatMap((action) => {
      const partnership = slugs.get(action.partnershipId);
      if (!partnership) return [];
      const labels = new Set(labelled.flatMap((byAction) => (byAction.get(action.id) ?? []).map((t) => t.label)));
      const of = <T extends { action_id: number }>(rows: T[]) => rows.filter((r) => r.action_id === action.id);
      return [
        {
          type: 'action',
          id: action.id,
          lang: action.originalLang,
          title: action.title,
          body: plainText(
            [
              action.description,
              action.supportNeeded,
              ...of(activities).map((a) => a.title),
              ...of(deliverables).map((d) => d.title),
              ...of(challenges).flatMap((c) => [c.description, c.mitigation]),
              ...labels,
            ].join('\n'),
          ),
          path: actionPath(partnership, action.number),
          tags: (labelled[0]?.get(action.id) ?? []).map((t) => t.slug),
          partnershipId: action.partnershipId,
          date: action.startsOn ?? action.createdAt,
        },
      ];
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'actions'),
};

/**
 * Deliverables as the search index has them: one document per deliverable (its title, its type
 * and its action's title), found where its action is (`contentTypes.deliverable`), linked to the
 * list of deliverables on its action's page, dated by when it is due (else its action's start).
 */
export const deliverableSearchSource: SearchSource = {
  type: 'deliverable',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const rows = await deliverableRows(ctx.db, ids);
    if (rows.length === 0) return [];
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      rows.map((r) => r.partnershipId),
    );
    // The deliverable's type in every interface language is a word to find it by.
    const typeWords = (type: string) =>
      ctx.languages.map((lang) => ctx.i18n(lang).t(`actions.deliverableType.${type}`));
    return rows.flatMap((d) => {
      const partnership = slugs.get(d.partnershipId);
      if (!partnership) return [];
      return [
        {
          type: 'deliverable',
          id: d.id,
          lang: d.lang,
          title: d.title,
          body: plainText([...new Set(typeWords(d.type)), d.actionTitle].join('\n')),
          path: deliverablesPath(partnership, d.actionNumber),
          tags: [],
          partnershipId: d.partnershipId,
          date: d.dueOn ?? d.startsOn,
        },
      ];
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'action_deliverables'),
};

/** Deliverables by id with what their documents and names need of their actions. */
async function deliverableRows(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('action_deliverables as d')
    .innerJoin('actions as a', 'a.id', 'd.action_id')
    .select([
      'd.id',
      'd.title',
      'd.type',
      'd.due_on',
      'a.id as action_id',
      'a.number',
      'a.title as action_title',
      'a.partnership_id',
      'a.members_only',
      'a.original_lang',
      'a.starts_on',
    ])
    .where('d.id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    type: r.type,
    dueOn: r.due_on,
    actionId: r.action_id,
    actionNumber: r.number,
    actionTitle: r.action_title,
    partnershipId: r.partnership_id,
    membersOnly: fromFlag(r.members_only),
    lang: r.original_lang,
    startsOn: r.starts_on,
  }));
}

/**
 * Deliverables as other modules see them (search): one is seen where its action is (`maySee`, and
 * `visibleActionIds` as the filter), named by its title, with its action as the summary, and linked
 * to the list of deliverables on its action's page.
 */
export const deliverableContentType: ContentType = {
  async describe(ctx, ids, audience, locale) {
    const rows = (await deliverableRows(ctx.db, ids)).filter((d) => maySee(audience, d));
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      rows.map((r) => r.partnershipId),
    );
    const { t } = ctx.i18n(locale);
    const named = new Map<number, ContentRef>();
    for (const d of rows) {
      const partnership = slugs.get(d.partnershipId);
      if (!partnership) continue;
      named.set(d.id, {
        title: d.title,
        path: deliverablesPath(partnership, d.actionNumber),
        lang: d.lang,
        summary: t('actions.search.deliverableOf', { number: d.actionNumber, title: d.actionTitle }),
      });
    }
    return named;
  },
  visibleIds: (db, audience) =>
    db
      .selectFrom('action_deliverables')
      .select('action_deliverables.id')
      .where('action_deliverables.action_id', 'in', visibleActionIds(db, audience))
      .$asScalar() as Expression<number>,
};

/**
 * Marks an action and its deliverables for the index, in the changing transaction: call it before
 * a change (the deliverables it replaces leave the index) and after it (the new ones come in).
 */
export async function markActionForIndex(db: Db, actionId: number): Promise<void> {
  await markForIndex(db, 'action', [actionId]);
  const deliverables = await db
    .selectFrom('action_deliverables')
    .select('id')
    .where('action_id', '=', actionId)
    .execute();
  await markForIndex(
    db,
    'deliverable',
    deliverables.map((d) => d.id),
  );
}

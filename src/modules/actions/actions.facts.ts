import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { findActionsByIds, visibleActions } from './actions.queries.js';
import type { ActionOrganisationRole, ActionStatus } from './actions.tables.js';

type Db = Kysely<Database>;

/**
 * What other modules need to know of an action to say what fits it (funding's matching): where
 * it is, who sees it, its state and end, its organisations and its topics (tag slugs, in order).
 */
export interface ActionFacts {
  id: number;
  partnershipId: number;
  number: number;
  title: string;
  lang: string;
  membersOnly: boolean;
  status: ActionStatus;
  endsOn: string | null;
  organisations: { id: number; role: ActionOrganisationRole }[];
  tags: string[];
}

/** The facts of these actions, in the order asked (ids not found are left out); three queries. */
export async function actionFactsOf(db: Db, ids: readonly number[]): Promise<ActionFacts[]> {
  if (ids.length === 0) return [];
  const [actions, organisations, tags] = await Promise.all([
    findActionsByIds(db, ids),
    db
      .selectFrom('action_organisations')
      .select(['action_id', 'organisation_id', 'role'])
      .where('action_id', 'in', [...ids])
      .orderBy('action_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('taggings')
      .innerJoin('tags', 'tags.id', 'taggings.tag_id')
      .select(['taggings.subject_id', 'tags.slug'])
      .where('taggings.subject_type', '=', 'action')
      .where('taggings.subject_id', 'in', [...ids])
      .orderBy('taggings.subject_id')
      .orderBy('taggings.position')
      .execute(),
  ]);
  const byId = new Map<number, ActionFacts>();
  for (const a of actions)
    byId.set(a.id, {
      id: a.id,
      partnershipId: a.partnershipId,
      number: a.number,
      title: a.title,
      lang: a.originalLang,
      membersOnly: a.membersOnly,
      status: a.status,
      endsOn: a.endsOn,
      organisations: [],
      tags: [],
    });
  for (const o of organisations) byId.get(o.action_id)?.organisations.push({ id: o.organisation_id, role: o.role });
  for (const t of tags) byId.get(t.subject_id)?.tags.push(t.slug);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The ids of the actions these organisations lead or contribute to that the audience sees (at
 * most `limit`, newest first): what an organisation works on, for funding's matching.
 */
export async function actionIdsOfOrganisations(
  db: Db,
  organisationIds: readonly number[],
  audience: ContentAudience,
  limit: number,
): Promise<number[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('action_organisations')
    .innerJoin('actions', 'actions.id', 'action_organisations.action_id')
    .select('actions.id')
    .distinct()
    .where('action_organisations.organisation_id', 'in', [...organisationIds])
    .where(visibleActions(audience))
    .orderBy('actions.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A partnership's action by its number, if the audience sees it (read fresh); null otherwise. */
export async function visibleActionByNumber(
  db: Db,
  partnershipId: number,
  number: number,
  audience: ContentAudience,
): Promise<{ id: number; title: string; lang: string } | null> {
  const row = await db
    .selectFrom('actions')
    .select(['id', 'title', 'original_lang as lang'])
    .where('partnership_id', '=', partnershipId)
    .where('number', '=', number)
    .where(visibleActions(audience))
    .executeTakeFirst();
  return row ?? null;
}

/** A deliverable as other modules name it (lessons' sources): its id, its action's id and number, its title. */
export interface DeliverableRef {
  id: number;
  actionId: number;
  actionNumber: number;
  title: string;
}

/**
 * Deliverables, of a partnership's actions or by id, in the plan's order (action number, then the
 * deliverable's place). Whether a reader may see one is its action's question (`visibleActions`):
 * the caller asks it of `actionId`.
 */
export async function deliverablesOf(
  db: Db,
  where: { partnershipId?: number; ids?: readonly number[] },
): Promise<DeliverableRef[]> {
  if (where.ids && where.ids.length === 0) return [];
  let query = db
    .selectFrom('action_deliverables')
    .innerJoin('actions', 'actions.id', 'action_deliverables.action_id')
    .select([
      'action_deliverables.id',
      'action_deliverables.action_id as actionId',
      'actions.number as actionNumber',
      'action_deliverables.title',
    ])
    .orderBy('actions.number')
    .orderBy('action_deliverables.position');
  if (where.partnershipId !== undefined) query = query.where('actions.partnership_id', '=', where.partnershipId);
  if (where.ids) query = query.where('action_deliverables.id', 'in', [...where.ids]);
  return query.execute();
}

import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { fromFlag, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import { preparedQuery } from '../../core/db/prepared.js';
import type {
  ActionActivityTable,
  ActionChallengeTable,
  ActionDeliverableTable,
  ActionOrganisationRole,
  ActionStatus,
  ActionTable,
  ProgressMode,
} from './actions.tables.js';

type Db = Kysely<Database>;

/** An action as the module works with it. */
export interface Action {
  id: number;
  partnershipId: number;
  number: number;
  themeId: number | null;
  originalLang: string;
  title: string;
  description: string;
  status: ActionStatus;
  mergedInto: number | null;
  progress: number;
  progressMode: ProgressMode;
  startsOn: string | null;
  endsOn: string | null;
  membersOnly: boolean;
  /** What it needs from others; empty when nothing is said. */
  supportNeeded: string;
  createdAt: string;
  updatedAt: string;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
export const isoOf = (value: string): string => (ISO_UTC.test(value) ? value : new Date(value).toISOString());

export const toAction = (row: Selectable<ActionTable>): Action => ({
  id: row.id,
  partnershipId: row.partnership_id,
  number: row.number,
  themeId: row.theme_id,
  originalLang: row.original_lang,
  title: row.title,
  description: row.description,
  status: row.status,
  mergedInto: row.merged_into,
  progress: Number(row.progress),
  progressMode: row.progress_mode,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  membersOnly: fromFlag(row.members_only),
  supportNeeded: row.support_needed ?? '',
  createdAt: isoOf(row.created_at),
  updatedAt: isoOf(row.updated_at),
});

// Asked on every request for an action (whether it exists and who may see it is never taken from a
// cache): compiled once, one indexed read.
const actionByNumber = preparedQuery((db: Db, partnershipId: number, number: number) =>
  db.selectFrom('actions').selectAll().where('partnership_id', '=', partnershipId).where('number', '=', number),
);

/** An action as stored, read fresh: its page and history decide from this. */
export async function findActionByNumber(db: Db, partnershipId: number, number: number): Promise<Action | null> {
  const [row] = await actionByNumber(db, partnershipId, number);
  return row ? toAction(row) : null;
}

export async function findActionById(db: Db, id: number): Promise<Action | null> {
  const row = await db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAction(row) : null;
}

export async function findActionsByIds(db: Db, ids: readonly number[]): Promise<Action[]> {
  if (ids.length === 0) return [];
  return (
    await db
      .selectFrom('actions')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute()
  ).map(toAction);
}

/**
 * `maySee` (actions.policy.ts) as a filter of a query of `actions`: the actions this audience
 * sees. Every list of actions applies it, here and in other modules (`visibleActionIds`).
 */
export const visibleActions = (audience: ContentAudience) => visibleIn('actions', audience);

/**
 * The same rule on a table of this module that carries an action's partnership and visibility
 * (`partnership_id`, `members_only`): `actions`, or the dashboard's counters.
 */
export function visibleIn<T extends 'actions' | 'action_progress_months'>(table: T, audience: ContentAudience) {
  return (eb: ExpressionBuilder<Database, T>): Expression<SqlBool> => {
    const among = (ids: readonly number[] | 'all'): Expression<SqlBool> =>
      ids === 'all'
        ? sql<SqlBool>`1 = 1`
        : ids.length > 0
          ? eb(sql.ref<number>(`${table}.partnership_id`), 'in', [...ids])
          : sql<SqlBool>`1 = 0`;
    return eb.or([
      eb(sql.ref(`${table}.members_only`), '=', toFlag(false)),
      among(audience.membersOf),
      among(audience.editorOf),
    ]);
  };
}

/** The ids of the actions this audience sees, as a subquery for other modules' lists (activity, tags). */
export const visibleActionIds = (db: Db, audience: ContentAudience): Expression<number> =>
  db.selectFrom('actions').select('actions.id').where(visibleActions(audience)).$asScalar();

/** A partnership's plan: every action (members-only ones when `membersOnly`), by number. */
export async function actionsOfPlan(db: Db, partnershipId: number, membersOnly: boolean): Promise<Action[]> {
  return (
    await db
      .selectFrom('actions')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .$if(!membersOnly, (qb) => qb.where('members_only', '=', toFlag(false) as never))
      .orderBy('number')
      .execute()
  ).map(toAction);
}

export interface Theme {
  id: number;
  position: number;
  title: string;
}

export async function themesOf(db: Db, partnershipId: number): Promise<Theme[]> {
  return db
    .selectFrom('action_themes')
    .select(['id', 'position', 'title'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('position')
    .execute();
}

export interface ActionOrganisation {
  actionId: number;
  organisationId: number;
  role: ActionOrganisationRole;
  position: number;
}

export async function organisationsOfActions(db: Db, ids: readonly number[]): Promise<ActionOrganisation[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('action_organisations')
    .selectAll()
    .where('action_id', 'in', [...ids])
    .orderBy('action_id')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    actionId: r.action_id,
    organisationId: r.organisation_id,
    role: r.role,
    position: r.position,
  }));
}

export type ActivityRow = Selectable<ActionActivityTable>;
export type DeliverableRow = Selectable<ActionDeliverableTable>;
export type ChallengeRow = Selectable<ActionChallengeTable>;

/** An action's key activities, deliverables and challenges, in order. */
export async function childrenOf(db: Db, actionId: number) {
  const [activities, deliverables, challenges] = await Promise.all([
    db.selectFrom('action_activities').selectAll().where('action_id', '=', actionId).orderBy('position').execute(),
    db.selectFrom('action_deliverables').selectAll().where('action_id', '=', actionId).orderBy('position').execute(),
    db.selectFrom('action_challenges').selectAll().where('action_id', '=', actionId).orderBy('position').execute(),
  ]);
  return { activities, deliverables, challenges };
}

export interface VersionRow {
  id: number;
  version: number;
  at: string;
  userId: number | null;
  explanation: string;
  snapshot: Record<string, unknown>;
}

const parseJson = (value: unknown): Record<string, unknown> =>
  (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

/** An action's versions, latest first (`limit`: the newest only). */
export async function versionsOf(db: Db, actionId: number, limit?: number): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('action_versions')
    .select(['id', 'version', 'at', 'user_id', 'explanation', 'snapshot'])
    .where('action_id', '=', actionId)
    .orderBy('version', 'desc')
    .$if(limit !== undefined, (qb) => qb.limit(limit!))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    at: isoOf(r.at),
    userId: r.user_id,
    explanation: r.explanation,
    snapshot: parseJson(r.snapshot),
  }));
}

/** The numbers of the actions merged into this one (members-only ones when `membersOnly`). */
export async function mergedInto(db: Db, actionId: number, membersOnly: boolean): Promise<number[]> {
  const rows = await db
    .selectFrom('actions')
    .select('number')
    .where('merged_into', '=', actionId)
    .$if(!membersOnly, (qb) => qb.where('members_only', '=', toFlag(false) as never))
    .orderBy('number')
    .execute();
  return rows.map((r) => r.number);
}

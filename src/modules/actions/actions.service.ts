import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import { toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { recordActivity } from '../partnerships/index.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import { findActionById, toAction, type Action } from './actions.queries.js';
import { countProgressChange } from './actions.counters.js';
import { markActionForIndex } from './actions.search.js';
import { authorFollows, tellStatusChange } from './actions.follow.js';
import { countDashboardChange, dashboardFootprint } from './actions.dashboard.counts.js';
import type {
  ActionOrganisationRole,
  ActionStatus,
  DeliverableType,
  ChallengeStatus,
  Impact,
  ProgressMode,
  WorkStatus,
} from './actions.tables.js';

type Db = Kysely<Database>;

/** A calendar date as the plan keeps it. */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const isPlanDate = (value: string): boolean =>
  DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

export interface ActivityInput {
  title: string;
  status: WorkStatus;
  startsOn?: string | null;
  endsOn?: string | null;
}
export interface DeliverableInput {
  title: string;
  type: DeliverableType;
  dueOn?: string | null;
  status: WorkStatus;
  weight?: number;
  evidenceUrl?: string | null;
  evidencePostId?: number | null;
  /** A file of the same action (`action_files`), kept by `actions.evidence.ts`. */
  evidenceFileId?: number | null;
}
export interface ChallengeInput {
  description: string;
  impact: Impact;
  mitigation?: string;
  status: ChallengeStatus;
  raisedOn: string;
  resolvedOn?: string | null;
}
export interface OrganisationInput {
  organisationId: number;
  role: ActionOrganisationRole;
}

/** What a change may set; what it leaves out stays. Children given replace the action's whole list. */
export interface ActionChange {
  title?: string;
  description?: string;
  themeId?: number | null;
  status?: ActionStatus;
  /** The action (its id, same partnership) a `merged` one went into; cleared by any other status. */
  mergedInto?: number | null;
  progress?: number;
  progressMode?: ProgressMode;
  startsOn?: string | null;
  endsOn?: string | null;
  membersOnly?: boolean;
  /** What the action needs from others (text; empty: nothing). */
  supportNeeded?: string;
  /** Tag labels in `lang`; they replace the action's tags. */
  tags?: { labels: string[]; lang: string };
  organisations?: OrganisationInput[];
  activities?: ActivityInput[];
  deliverables?: DeliverableInput[];
  challenges?: ChallengeInput[];
}

/** Who made a change, when and why: the version's own fields. */
export interface ChangeMeta {
  userId: number | null;
  /** An instant; the change's time (now, or a demo's past). */
  at: string;
  explanation?: string;
  /**
   * False for the demo's history (no one's act to answer for, and it writes its own lines in the
   * stream); every other change is audited, and one that ends the action is a line in the stream.
   */
  audit?: boolean;
  /**
   * The version the change was made from (what the editor's form showed): when the action has a
   * later one, someone else changed it meanwhile and the change is refused (`version`/`stale`)
   * rather than silently undoing theirs.
   */
  basedOn?: number;
}

/** A change the plan refuses, naming the field (`progress`, `ends_on`, `merged_into`, `deliverables/2/due_on`). */
export class ActionChangeError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

async function inTransaction<T>(db: Db, fn: (trx: Transaction<Database> | Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute((trx) => fn(trx));
}

/** The progress that weighted deliverables give: the completed share of the weights (0 with none). */
export function derivedProgress(deliverables: readonly { status: string; weight: number }[]): number {
  const kept = deliverables.filter((d) => d.status !== 'cancelled');
  const total = kept.reduce((sum, d) => sum + Math.max(0, d.weight), 0);
  if (total === 0) return 0;
  const done = kept.filter((d) => d.status === 'completed').reduce((sum, d) => sum + Math.max(0, d.weight), 0);
  return Math.round((done / total) * 100);
}

/** What an action is after applying `change`, checked (progress 0–100, dates, the merge); throws ActionChangeError. */
async function checked(db: Db, action: Action, change: ActionChange): Promise<void> {
  const progress = change.progress ?? action.progress;
  if (!Number.isInteger(progress) || progress < 0 || progress > 100) throw new ActionChangeError('progress', 'range');
  const startsOn = change.startsOn === undefined ? action.startsOn : change.startsOn;
  const endsOn = change.endsOn === undefined ? action.endsOn : change.endsOn;
  if (startsOn !== null && !isPlanDate(startsOn)) throw new ActionChangeError('starts_on', 'date');
  if (endsOn !== null && !isPlanDate(endsOn)) throw new ActionChangeError('ends_on', 'date');
  if (startsOn && endsOn && endsOn < startsOn) throw new ActionChangeError('ends_on', 'beforeStart');
  const status = change.status ?? action.status;
  const mergedInto = change.mergedInto === undefined ? action.mergedInto : change.mergedInto;
  if (status === 'merged') {
    if (mergedInto === null || mergedInto === action.id) throw new ActionChangeError('merged_into', 'required');
    const into = await findActionById(db, mergedInto);
    if (!into || into.partnershipId !== action.partnershipId || into.status === 'merged')
      throw new ActionChangeError('merged_into', 'unknown');
  }
  for (const [i, d] of (change.deliverables ?? []).entries()) {
    if (d.dueOn && !isPlanDate(d.dueOn)) throw new ActionChangeError(`deliverables/${i}/due_on`, 'date');
    if (d.dueOn && ((startsOn && d.dueOn < startsOn) || (endsOn && d.dueOn > endsOn)))
      throw new ActionChangeError(`deliverables/${i}/due_on`, 'outside');
    if (d.evidenceUrl && !/^https?:\/\/[^\s]+$/i.test(d.evidenceUrl))
      throw new ActionChangeError(`deliverables/${i}/evidence_url`, 'url');
    if (d.weight !== undefined && (!Number.isInteger(d.weight) || d.weight < 0 || d.weight > 100))
      throw new ActionChangeError(`deliverables/${i}/weight`, 'range');
  }
  // A file as evidence is one of this action's own files.
  const fileIds = (change.deliverables ?? []).flatMap((d) => (d.evidenceFileId ? [d.evidenceFileId] : []));
  if (fileIds.length > 0) {
    const own = await db
      .selectFrom('action_files')
      .select('id')
      .where('action_id', '=', action.id)
      .where('id', 'in', fileIds)
      .execute();
    const known = new Set(own.map((r) => r.id));
    const i = (change.deliverables ?? []).findIndex((d) => d.evidenceFileId && !known.has(d.evidenceFileId));
    if (i >= 0) throw new ActionChangeError(`deliverables/${i}/evidence_file`, 'unknown');
  }
  for (const [i, a] of (change.activities ?? []).entries()) {
    for (const f of ['startsOn', 'endsOn'] as const) {
      const v = a[f];
      if (v && !isPlanDate(v))
        throw new ActionChangeError(`activities/${i}/${f === 'startsOn' ? 'starts_on' : 'ends_on'}`, 'date');
    }
    if (a.startsOn && a.endsOn && a.endsOn < a.startsOn)
      throw new ActionChangeError(`activities/${i}/ends_on`, 'beforeStart');
  }
  for (const [i, c] of (change.challenges ?? []).entries()) {
    if (!isPlanDate(c.raisedOn)) throw new ActionChangeError(`challenges/${i}/raised_on`, 'date');
    if (c.resolvedOn && (!isPlanDate(c.resolvedOn) || c.resolvedOn < c.raisedOn))
      throw new ActionChangeError(`challenges/${i}/resolved_on`, 'date');
  }
}

async function replaceChildren(db: Db, actionId: number, change: ActionChange): Promise<void> {
  if (change.organisations) {
    await db.deleteFrom('action_organisations').where('action_id', '=', actionId).execute();
    const seen = new Set<number>();
    const rows = change.organisations
      .filter((o) => !seen.has(o.organisationId) && seen.add(o.organisationId))
      .map((o, i) => ({ action_id: actionId, organisation_id: o.organisationId, role: o.role, position: i + 1 }));
    if (rows.length > 0) await db.insertInto('action_organisations').values(rows).execute();
  }
  if (change.activities) {
    await db.deleteFrom('action_activities').where('action_id', '=', actionId).execute();
    const rows = change.activities.map((a, i) => ({
      action_id: actionId,
      position: i + 1,
      title: a.title,
      status: a.status,
      starts_on: a.startsOn ?? null,
      ends_on: a.endsOn ?? null,
    }));
    if (rows.length > 0) await db.insertInto('action_activities').values(rows).execute();
  }
  if (change.deliverables) {
    await db.deleteFrom('action_deliverables').where('action_id', '=', actionId).execute();
    const rows = change.deliverables.map((d, i) => ({
      action_id: actionId,
      position: i + 1,
      title: d.title,
      type: d.type,
      due_on: d.dueOn ?? null,
      status: d.status,
      weight: d.weight ?? 1,
      evidence_url: d.evidenceUrl ?? null,
      evidence_post_id: d.evidencePostId ?? null,
      evidence_file_id: d.evidenceFileId ?? null,
    }));
    if (rows.length > 0) await db.insertInto('action_deliverables').values(rows).execute();
  }
  if (change.challenges) {
    await db.deleteFrom('action_challenges').where('action_id', '=', actionId).execute();
    const rows = change.challenges.map((c, i) => ({
      action_id: actionId,
      position: i + 1,
      description: c.description,
      impact: c.impact,
      mitigation: c.mitigation ?? '',
      status: c.status,
      raised_on: c.raisedOn,
      resolved_on: c.resolvedOn ?? null,
    }));
    if (rows.length > 0) await db.insertInto('action_challenges').values(rows).execute();
  }
}

/**
 * What a version keeps of an action: the tracked fields (the one it was merged into by number)
 * and its children, as they are after the change. Comparing two versions compares these.
 */
export async function snapshotOf(db: Db, actionId: number): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow();
  const a = toAction(row);
  const [into, organisations, activities, deliverables, challenges] = await Promise.all([
    a.mergedInto === null
      ? null
      : db.selectFrom('actions').select('number').where('id', '=', a.mergedInto).executeTakeFirst(),
    db
      .selectFrom('action_organisations')
      .select(['organisation_id', 'role'])
      .where('action_id', '=', actionId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('action_activities')
      .select(['title', 'status', 'starts_on', 'ends_on'])
      .where('action_id', '=', actionId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('action_deliverables')
      .leftJoin('action_files', 'action_files.id', 'action_deliverables.evidence_file_id')
      .select([
        'action_deliverables.title',
        'action_deliverables.type',
        'action_deliverables.due_on',
        'action_deliverables.status',
        'action_deliverables.weight',
        'action_deliverables.evidence_url',
        'action_deliverables.evidence_post_id',
        'action_files.name as evidence_file',
      ])
      .where('action_deliverables.action_id', '=', actionId)
      .orderBy('action_deliverables.position')
      .execute()
      // A file is kept by its name (`evidence_file`), only when there is one: versions from before files compare alike.
      .then((rows) => rows.map(({ evidence_file, ...d }) => (evidence_file ? { ...d, evidence_file } : d))),
    db
      .selectFrom('action_challenges')
      .select(['description', 'impact', 'mitigation', 'status', 'raised_on', 'resolved_on'])
      .where('action_id', '=', actionId)
      .orderBy('position')
      .execute(),
  ]);
  return {
    number: a.number,
    title: a.title,
    themeId: a.themeId,
    status: a.status,
    mergedInto: into?.number ?? null,
    progress: a.progress,
    progressMode: a.progressMode,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    membersOnly: a.membersOnly,
    supportNeeded: a.supportNeeded,
    organisations,
    activities,
    deliverables,
    challenges,
  };
}

/** The number of an action's latest version (0 before its first). */
export async function latestVersion(db: Db, actionId: number): Promise<number> {
  const last = await db
    .selectFrom('action_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('action_id', '=', actionId)
    .executeTakeFirst();
  return Number(last?.v ?? 0);
}

async function appendVersion(db: Db, action: Action, meta: ChangeMeta, audit: string): Promise<number> {
  const version = (await latestVersion(db, action.id)) + 1;
  await db
    .insertInto('action_versions')
    .values({
      action_id: action.id,
      version,
      at: meta.at,
      user_id: meta.userId,
      explanation: meta.explanation ?? '',
      snapshot: JSON.stringify(await snapshotOf(db, action.id)),
    })
    .execute();
  if (meta.audit === false) return version;
  await recordAudit(db, {
    actorId: meta.userId,
    action: audit,
    partnershipId: action.partnershipId,
    subjectType: 'action',
    subjectId: String(action.id),
    details: { number: action.number, version },
  });
  return version;
}

export interface NewAction extends ActionChange {
  partnershipId: number;
  /** Left out: the plan's next free number (numbers are never reused: the highest so far, plus one). */
  number?: number;
  title: string;
  lang: string;
  status: ActionStatus;
}

/** The number after the highest of the plan (merged and cancelled actions keep theirs). */
async function nextNumber(db: Db, partnershipId: number): Promise<number> {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/**
 * Adds an action to a plan with its first version, in one transaction. A number taken meanwhile
 * is taken again (the next free one); a number given that is taken is refused (`number`).
 */
export async function createAction(db: Db, input: NewAction, meta: ChangeMeta): Promise<Action> {
  return inTransaction(db, async (trx) => {
    let row;
    for (let attempt = 0; !row; attempt++) {
      if (attempt > 0 && (input.number !== undefined || attempt > 5)) throw new ActionChangeError('number', 'taken');
      row = await insertAction(trx, input, input.number ?? (await nextNumber(trx, input.partnershipId)), meta.at);
    }
    const created = toAction(row);
    const { title: _t, description: _d, status: _s, membersOnly: _m, ...rest } = input;
    await applyChange(trx, created, { ...rest, status: input.status });
    const action = (await findActionById(trx, created.id))!;
    await appendVersion(trx, action, meta, 'actions.create');
    // Whoever adds it follows it (follows module; not the demo's history).
    if (meta.audit !== false) await authorFollows(trx, meta.userId, action);
    // The index follows (actions.search.ts): the action and its deliverables.
    await markActionForIndex(trx, action.id);
    await countProgressChange(trx, null, action, meta.at);
    await countDashboardChange(trx, new Map(), action.id);
    return action;
  });
}

/** The action's row, unless the number is taken (then nothing). */
function insertAction(db: Db, input: NewAction, number: number, at: string) {
  return db
    .insertInto('actions')
    .values({
      partnership_id: input.partnershipId,
      number,
      theme_id: input.themeId ?? null,
      original_lang: input.lang,
      title: input.title,
      description: input.description ?? '',
      status: input.status,
      merged_into: null,
      progress: 0,
      progress_mode: input.progressMode ?? 'manual',
      starts_on: null,
      ends_on: null,
      members_only: toFlag(input.membersOnly ?? false),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['partnership_id', 'number']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

async function applyChange(db: Db, action: Action, change: ActionChange): Promise<void> {
  await checked(db, action, change);
  await replaceChildren(db, action.id, change);
  const status = change.status ?? action.status;
  const mode = change.progressMode ?? action.progressMode;
  let progress = change.progress ?? action.progress;
  if (mode === 'deliverables') {
    const deliverables = await db
      .selectFrom('action_deliverables')
      .select(['status', 'weight'])
      .where('action_id', '=', action.id)
      .execute();
    progress = derivedProgress(deliverables);
  }
  await db
    .updateTable('actions')
    .set({
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.themeId !== undefined ? { theme_id: change.themeId } : {}),
      ...(change.startsOn !== undefined ? { starts_on: change.startsOn } : {}),
      ...(change.endsOn !== undefined ? { ends_on: change.endsOn } : {}),
      ...(change.membersOnly !== undefined ? { members_only: toFlag(change.membersOnly) } : {}),
      ...(change.supportNeeded !== undefined ? { support_needed: change.supportNeeded } : {}),
      status,
      merged_into: status === 'merged' ? (change.mergedInto ?? action.mergedInto) : null,
      progress_mode: mode,
      progress,
    })
    .where('id', '=', action.id)
    .execute();
  // Tag pages list an action as public or members-only, as the action is.
  if (change.tags !== undefined || change.membersOnly !== undefined) {
    await setTaggings(db, {
      type: 'action',
      id: action.id,
      tagIds: change.tags ? await ensureTags(db, change.tags.labels, change.tags.lang) : undefined,
      publishedAt: action.createdAt,
      isPublic: !(change.membersOnly ?? action.membersOnly),
      partnershipId: action.partnershipId,
    });
  }
}

/** Statuses that end an action's implementation: a change into one is a line in the partnership's stream. */
const ENDINGS: readonly ActionStatus[] = ['completed', 'cancelled', 'merged'];

/**
 * The stream's line (`actions.completed`, `actions.cancelled`, `actions.merged`; named when read, to
 * those who may see the action) when a change ends the action; the demo's history writes its own.
 */
async function streamEnding(db: Db, before: Action, after: Action, meta: ChangeMeta): Promise<void> {
  if (meta.audit === false || after.status === before.status || !ENDINGS.includes(after.status)) return;
  await recordActivity(
    { db },
    {
      partnershipId: after.partnershipId,
      actorId: meta.userId,
      kind: `actions.${after.status}`,
      about: { type: 'action', id: after.id },
      at: meta.at,
    },
  );
}

/**
 * Applies a change to an action and appends its version (who, when, why, a snapshot after the
 * change) in the same transaction: nothing is stored half-way, and every change is in the history
 * and the audit log (`actions.update`). Throws ActionChangeError for what the plan refuses.
 */
export async function changeAction(db: Db, actionId: number, change: ActionChange, meta: ChangeMeta) {
  return inTransaction(db, async (trx) => {
    // Holds the action's row until the end (on PostgreSQL; SQLite writes one transaction at a
    // time): two changes at once are made one after the other, each numbering its own version.
    await trx
      .updateTable('actions')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '=', actionId)
      .execute();
    const action = await findActionById(trx, actionId);
    if (!action) throw new ActionChangeError('action', 'unknown');
    if (meta.basedOn !== undefined && (await latestVersion(trx, actionId)) !== meta.basedOn)
      throw new ActionChangeError('version', 'stale');
    const counted = await dashboardFootprint(trx, actionId);
    // The index follows: the deliverables a change replaces leave it, the new ones come in.
    await markActionForIndex(trx, actionId);
    await applyChange(trx, action, change);
    await markActionForIndex(trx, actionId);
    await trx.updateTable('actions').set({ updated_at: meta.at }).where('id', '=', actionId).execute();
    const version = await appendVersion(trx, action, meta, 'actions.update');
    const after = (await findActionById(trx, actionId))!;
    // The dashboard's progress over time, kept in the same transaction (actions.counters.ts).
    await countProgressChange(trx, action, after, meta.at);
    await countDashboardChange(trx, counted, actionId);
    await streamEnding(trx, action, after, meta);
    // A status changed: its followers are told (not the demo's history).
    if (meta.audit !== false) await tellStatusChange(trx, action, after, meta.userId);
    return { action: after, version };
  });
}

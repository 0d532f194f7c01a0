import type { Generated, Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/types.js';

/** One action worth answering for later: who did what to what, and when. */
export interface AuditEntry {
  /** The user who acted; null for the system (a command, a job). */
  actorId: number | null;
  /** Verb-first, module-prefixed: `partnerships.changeRole`, `organisations.create`. */
  action: string;
  /** The partnership it concerns, so that its coordinators can read it. */
  partnershipId?: number | null;
  subjectType: string;
  subjectId: string;
  /** What changed (before and after), as plain JSON. */
  details?: Record<string, unknown>;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  action: string;
  partnership_id: number | null;
  subject_type: string;
  subject_id: string;
  details: string;
}

declare module '../db/types.js' {
  interface Database {
    core_audit_log: AuditTable;
  }
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('core_audit_log')
    .values({
      at: nowIso(),
      actor_id: entry.actorId,
      action: entry.action,
      partnership_id: entry.partnershipId ?? null,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  partnershipId: number | null;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

/** The newest entries first, keyset by id; all of them, or one partnership's. */
export async function listAudit(
  db: Kysely<Database>,
  filter: { partnershipId?: number },
  limit: number,
  beforeId?: number,
) {
  let query = db.selectFrom('core_audit_log').selectAll();
  if (filter.partnershipId !== undefined) query = query.where('partnership_id', '=', filter.partnershipId);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items: AuditRecord[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    action: r.action,
    partnershipId: r.partnership_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details:
      typeof r.details === 'string'
        ? (JSON.parse(r.details) as Record<string, unknown>)
        : (r.details as Record<string, unknown>),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? last.id : null };
}

import type { Kysely } from 'kysely';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/types.js';
import { changeOpportunity, FundingChangeError } from './funding.service.js';

type Db = Kysely<Database>;

// Members' suggestions: an item stored with the state `suggested` and who suggested it, which the
// editors accept (it is published) or reject with a reason. The reason is the explanation of the
// version that rejected it, so the history keeps it and the suggester reads it on their list.

/** A suggestion as the review queue and the suggester's list show it. */
export interface Suggestion {
  id: number;
  title: string;
  state: 'suggested' | 'published' | 'rejected';
  suggestedBy: string | null;
  suggestedAt: string;
  /** Why it was rejected (the explanation of the version that did). */
  reason: string;
}

async function suggestions(db: Db, where: { state?: 'suggested'; by?: number }): Promise<Suggestion[]> {
  let q = db
    .selectFrom('funding_opportunities as o')
    .leftJoin('users as u', 'u.id', 'o.suggested_by')
    .select(['o.id', 'o.title', 'o.state', 'o.created_at', 'u.display_name', 'u.deleted_at'])
    .where('o.suggested_by', 'is not', null)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(200);
  if (where.state) q = q.where('o.state', '=', where.state);
  if (where.by !== undefined) q = q.where('o.suggested_by', '=', where.by);
  const rows = await q.execute();
  const rejected = rows.filter((r) => r.state === 'rejected').map((r) => r.id);
  const reasons = new Map<number, string>();
  if (rejected.length)
    for (const v of await db
      .selectFrom('funding_versions')
      .select(['opportunity_id', 'explanation', 'snapshot', 'version'])
      .where('opportunity_id', 'in', rejected)
      .orderBy('version')
      .execute()) {
      const snapshot = (typeof v.snapshot === 'string' ? JSON.parse(v.snapshot) : v.snapshot) as { state?: string };
      if (snapshot.state === 'rejected') reasons.set(Number(v.opportunity_id), v.explanation);
    }
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    state: r.state as Suggestion['state'],
    suggestedBy: r.display_name === null ? null : r.deleted_at ? null : r.display_name,
    suggestedAt: new Date(r.created_at).toISOString(),
    reason: reasons.get(Number(r.id)) ?? '',
  }));
}

/** The suggestions waiting for an editor, newest first. */
export const reviewQueue = (db: Db) => suggestions(db, { state: 'suggested' });

/** What one person suggested, in every state, newest first. */
export const suggestionsOf = (db: Db, userId: number) => suggestions(db, { by: userId });

export const REASON_MAX = 2000;

/**
 * An editor's decision on a suggestion: accepted (published) or rejected (with a reason, required),
 * one version and one audit entry (`funding.accept`, `funding.reject`) in one transaction. Only a
 * suggestion waiting for review may be decided (`state`, `notSuggested`).
 */
export async function decideSuggestion(
  db: Db,
  id: number,
  decision: 'accept' | 'reject',
  meta: { userId: number; at: string; reason: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('funding_opportunities')
      .select(['state', 'title'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new FundingChangeError('id', 'unknown');
    if (row.state !== 'suggested') throw new FundingChangeError('state', 'notSuggested');
    const reason = meta.reason.trim();
    if (decision === 'reject' && reason === '') throw new FundingChangeError('reason', 'required');
    const changed = await changeOpportunity(
      trx,
      id,
      { state: decision === 'accept' ? 'published' : 'rejected' },
      { userId: meta.userId, at: meta.at, explanation: reason, audit: false },
    );
    await recordAudit(trx, {
      actorId: meta.userId,
      action: decision === 'accept' ? 'funding.accept' : 'funding.reject',
      subjectType: 'opportunity',
      subjectId: String(id),
      details: { version: changed.version, title: changed.title },
    });
  });
}

import type { Migration } from '../../../core/db/migrator.js';
import type { AnyDb } from '../../../core/db/dialect.js';

/**
 * The dashboard's counters and indexes: `action_progress_months` (per partnership, visibility
 * and month, the change of the counted actions' summed progress and number; see
 * actions.counters.ts), filled from the versions already stored; indexes for the counts by
 * status, the open challenges and the actions not updated for a while.
 */
export const migration: Migration = {
  async up(db, d) {
    await db.schema
      .createTable('action_progress_months')
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('progress_sum', 'integer', (c) => c.notNull())
      .addColumn('actions', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('action_progress_months_pk', ['partnership_id', 'members_only', 'month'])
      .execute();
    await db.schema
      .createIndex('action_progress_months_by_month')
      .on('action_progress_months')
      .columns(['members_only', 'month'])
      .execute();
    // Counts by status (and visibility) across the platform, read from the index alone.
    await db.schema
      .createIndex('actions_by_status')
      .on('actions')
      .columns(['status', 'members_only', 'partnership_id'])
      .execute();
    await db.schema.createIndex('actions_by_update').on('actions').columns(['updated_at']).execute();
    await db.schema
      .createIndex('action_challenges_by_status')
      .on('action_challenges')
      .columns(['status', 'raised_on'])
      .execute();
    await backfill(db, d.boolean === 'boolean');
  },
};

interface Share {
  bucket: string;
  sum: number;
  n: number;
}

/** The counters from the versions stored so far, an action at a time in order of its versions. */
async function backfill(db: AnyDb, booleans: boolean): Promise<void> {
  const totals = new Map<string, { sum: number; n: number }>();
  const add = (key: string, sum: number, n: number) => {
    const t = totals.get(key) ?? { sum: 0, n: 0 };
    t.sum += sum;
    t.n += n;
    totals.set(key, t);
  };
  let after = 0;
  for (;;) {
    const actions: { id: number; partnership_id: number }[] = await db
      .selectFrom('actions')
      .select(['id', 'partnership_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (actions.length === 0) break;
    after = actions[actions.length - 1]!.id;
    const partnershipOf = new Map(actions.map((a) => [a.id, a.partnership_id]));
    const versions: { action_id: number; at: string; snapshot: unknown }[] = await db
      .selectFrom('action_versions')
      .select(['action_id', 'at', 'snapshot'])
      .where(
        'action_id',
        'in',
        actions.map((a) => a.id),
      )
      .orderBy('action_id')
      .orderBy('version')
      .execute();
    let current: number | null = null;
    let last: Share | null = null;
    for (const v of versions) {
      if (v.action_id !== current) {
        current = v.action_id;
        last = null;
      }
      const s = (typeof v.snapshot === 'string' ? JSON.parse(v.snapshot) : v.snapshot) as Record<string, unknown>;
      const counted = s.status !== 'merged' && s.status !== 'cancelled';
      const bucket = `${partnershipOf.get(v.action_id)}|${s.membersOnly === true ? 1 : 0}`;
      const month = new Date(v.at).toISOString().slice(0, 7);
      const now: Share = { bucket, sum: counted ? Number(s.progress ?? 0) : 0, n: counted ? 1 : 0 };
      if (last) add(`${last.bucket}|${month}`, -last.sum, -last.n);
      add(`${bucket}|${month}`, now.sum, now.n);
      last = now;
    }
  }
  const rows = [...totals]
    .filter(([, t]) => t.sum !== 0 || t.n !== 0)
    .map(([key, t]) => {
      const [partnership, membersOnly, month] = key.split('|');
      return {
        partnership_id: Number(partnership),
        members_only: booleans ? membersOnly === '1' : Number(membersOnly),
        month,
        progress_sum: t.sum,
        actions: t.n,
      };
    });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('action_progress_months')
      .values(rows.slice(i, i + 500))
      .execute();
}

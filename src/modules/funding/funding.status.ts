import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { OpportunityStatus } from './funding.tables.js';

const DAY = 86_400_000;

/** What the status of an opportunity is worked out from: its opening and its deadlines (instants, ISO). */
export interface StatusFacts {
  opensAt: string | null;
  /** Its deadlines in order; none: open-ended. */
  deadlines: readonly { at: string }[];
}

/**
 * The status at `now`, from the dates alone: forthcoming before it opens; closed once its last
 * deadline has passed; closing soon when its next deadline is at most `closingSoonDays` away;
 * open otherwise (also when it has no deadline). `statusFilter` says the same as a query filter,
 * and a test holds the two to agree.
 */
export function statusAt(o: StatusFacts, now: Date, closingSoonDays: number): OpportunityStatus {
  const t = now.getTime();
  const last = o.deadlines.at(-1);
  if (last && Date.parse(last.at) <= t) return 'closed';
  if (o.opensAt && Date.parse(o.opensAt) > t) return 'forthcoming';
  const next = nextDeadline(o, now);
  if (next && Date.parse(next.at) <= t + closingSoonDays * DAY) return 'closing_soon';
  return 'open';
}

/** The first deadline still to come at `now`, if any. */
export function nextDeadline<D extends { at: string }>(o: { deadlines: readonly D[] }, now: Date): D | undefined {
  const t = now.getTime();
  return o.deadlines.find((d) => Date.parse(d.at) > t);
}

/**
 * When the status worked out at `now` changes next (an instant in ms), or Infinity: a page that
 * shows it may be kept until then at most.
 */
export function statusChangesAt(o: StatusFacts, now: Date, closingSoonDays: number): number {
  const t = now.getTime();
  const moments = [
    ...(o.opensAt ? [Date.parse(o.opensAt)] : []),
    ...o.deadlines.flatMap((d) => [Date.parse(d.at), Date.parse(d.at) - closingSoonDays * DAY]),
  ].filter((m) => m > t);
  return moments.length ? Math.min(...moments) : Infinity;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The statuses as a filter of `funding_opportunities` (the rule of `statusAt`, in SQL; instants
 * compare as ISO text on SQLite and as timestamptz on PostgreSQL, both given as ISO strings).
 */
export function statusFilter(
  eb: ExpressionBuilder<Database, 'funding_opportunities'>,
  statuses: readonly OpportunityStatus[],
  now: Date,
  closingSoonDays: number,
): Expression<SqlBool> {
  const at = now.toISOString();
  const soon = iso(now.getTime() + closingSoonDays * DAY);
  const closed = eb.and([
    eb('funding_opportunities.closes_at', 'is not', null),
    eb('funding_opportunities.closes_at', '<=', at),
  ]);
  const notClosed = eb.or([
    eb('funding_opportunities.closes_at', 'is', null),
    eb('funding_opportunities.closes_at', '>', at),
  ]);
  const forthcoming = eb.and([
    notClosed,
    eb('funding_opportunities.opens_at', 'is not', null),
    eb('funding_opportunities.opens_at', '>', at),
  ]);
  const opened = eb.and([
    notClosed,
    eb.or([eb('funding_opportunities.opens_at', 'is', null), eb('funding_opportunities.opens_at', '<=', at)]),
  ]);
  const deadlineSoon = eb.exists(
    eb
      .selectFrom('funding_deadlines')
      .select(sql`1`.as('one'))
      .whereRef('funding_deadlines.opportunity_id', '=', 'funding_opportunities.id')
      .where('funding_deadlines.at', '>', at)
      .where('funding_deadlines.at', '<=', soon),
  );
  const parts = statuses.map((status) => {
    switch (status) {
      case 'closed':
        return closed;
      case 'forthcoming':
        return forthcoming;
      case 'closing_soon':
        return eb.and([opened, deadlineSoon]);
      case 'open':
        return eb.and([opened, eb.not(deadlineSoon)]);
    }
  });
  return parts.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(parts);
}

import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { Database } from '../../core/db/types.js';
import { badParameter, storableText, toId } from '../../core/http/validation.js';
import { confirmedOrganisationIds } from '../organisations/index.js';
import type { FundingReader } from './funding.policy.js';
import {
  COUNTRY_CODES,
  ELIGIBLE_KINDS,
  ELIGIBLE_SIZES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATUSES,
  type OpportunityKind,
  type OpportunityStatus,
} from './funding.tables.js';
import { statusFilter } from './funding.status.js';
import { visibleOpportunities } from './funding.visibility.js';

/**
 * The register's query (the page, the API, the feeds and links all take it): its parameters
 * parsed and checked into a `FundingFilter`, and the filter applied to a query of
 * `funding_opportunities`. A value the register does not take is a 400 naming `/query/<name>`
 * (`badParameter`), never a 500 nor a silently wider list.
 */

export const FUNDING_SORTS = ['deadline', 'newest', 'budget'] as const;
export type FundingSort = (typeof FUNDING_SORTS)[number];
/** What the register lists when no status is asked for: what one may still act on. */
export const DEFAULT_STATUSES: readonly OpportunityStatus[] = ['forthcoming', 'open', 'closing_soon'];
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_PAGE = 10_000;
/** At most this many values of a repeatable parameter (more is a 400). */
const MAX_REPEAT = 20;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A parsed and checked query of the register. Lists are empty when not asked for. */
export interface FundingFilter {
  /** Never empty: the statuses asked for, or `DEFAULT_STATUSES`. */
  statuses: OpportunityStatus[];
  /** A programme's slug. */
  programme?: string;
  kinds: OpportunityKind[];
  /** Tag slugs: an item with any of them. */
  topics: string[];
  /** Open to this organisation kind (no kind named by the item: open to any). */
  eligibleKind?: string;
  /** Open to organisations of this country (ISO 3166-1 alpha-2, upper case). */
  country?: string;
  /** Open to cities of this size band. */
  size?: string;
  /** Has a deadline on or after this day (YYYY-MM-DD, the day starting at 00:00 UTC). */
  deadlineFrom?: string;
  /** Has a deadline on or before this day (YYYY-MM-DD, up to its end, UTC). */
  deadlineTo?: string;
  /** Whole euros; items without a budget are left out when either is given. */
  budgetMin?: number;
  budgetMax?: number;
  /** Only what one of the reader's confirmed organisations may apply for. */
  forMe: boolean;
  sort: FundingSort;
}

/** Which part of the list: after a cursor (the API), or a page number (the page); `limit` items. */
export interface FundingPaging {
  cursor?: FundingCursor;
  /** 1-based; 1 when a cursor is given. */
  page: number;
  limit: number;
}

/** The sort key and id of the last item of a page (keyset paging). */
export interface FundingCursor {
  key: string;
  id: number;
}

/** The parameter names of the register's query (others, such as `lang`, are not the filter's). */
export const FILTER_PARAMETERS = [
  'status',
  'programme',
  'kind',
  'topic',
  'eligible_kind',
  'country',
  'size',
  'deadline_from',
  'deadline_to',
  'budget_min',
  'budget_max',
  'for',
  'sort',
] as const;

type Query = Record<string, unknown>;

/** The values of a parameter as a list of strings (empty values dropped); anything else a 400. */
function many(query: Query, name: string): string[] {
  const raw = query[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_REPEAT) throw badParameter(name);
  const out: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string' || v.length > 200 || !storableText(v)) throw badParameter(name);
    if (v.trim() !== '') out.push(v.trim());
  }
  return [...new Set(out)];
}

/** A parameter given at most once (empty: absent). */
function one(query: Query, name: string): string | undefined {
  const values = many(query, name);
  if (values.length > 1) throw badParameter(name);
  return values[0];
}

function oneOf<T extends string>(values: readonly T[], value: string, name: string): T {
  if (!(values as readonly string[]).includes(value)) throw badParameter(name);
  return value as T;
}

/** A calendar day, YYYY-MM-DD, that exists (no 2027-02-30), years 1990–2200. */
function day(query: Query, name: string): string | undefined {
  const value = one(query, name);
  if (value === undefined) return undefined;
  const m = DATE.exec(value);
  if (!m) throw badParameter(name);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1990 || y > 2200 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw badParameter(name);
  return value;
}

/** Whole euros, 0 to 10¹³, written as digits. */
function euros(query: Query, name: string): number | undefined {
  const value = one(query, name);
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,14}$/.test(value) || Number(value) > 1e13) throw badParameter(name);
  return Number(value);
}

function whole(query: Query, name: string, max: number): number | undefined {
  const value = one(query, name);
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(value)) throw badParameter(name);
  const n = Number(value);
  if (n < 1 || n > max) throw badParameter(name);
  return n;
}

/** `<key>.<id>` with the key base64url-encoded (an instant, or a number of euros). */
export const encodeFundingCursor = (c: FundingCursor): string => `${Buffer.from(c.key).toString('base64url')}.${c.id}`;

const CURSOR_KEY = /^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|-1|[0-9]{1,14})$/;

/** A cursor this register gives, or a 400 naming `name`. */
export function decodeFundingCursor(raw: string, name = 'cursor'): FundingCursor {
  const m = /^([A-Za-z0-9_-]{1,40})\.([0-9]{1,12})$/.exec(raw);
  const id = m ? toId(m[2]) : null;
  const key = m ? Buffer.from(m[1]!, 'base64url').toString('utf8') : '';
  if (id === null || !CURSOR_KEY.test(key)) throw badParameter(name);
  if (key.includes('T') && !Number.isFinite(Date.parse(key))) throw badParameter(name);
  return { key, id };
}

/**
 * The register's query parsed and checked: the filter and the paging. Throws `badParameter`
 * (400, `/query/<name>`) for a value it does not take: an unknown status, kind, size or sort, a
 * country that is not one, a slug that is not one, a day that does not exist, an amount that is
 * not whole euros, a minimum above the maximum, a cursor it did not give, a page or limit out
 * of range, a parameter given twice that is not repeatable.
 */
export function parseFundingQuery(query: Query | undefined | null): { filter: FundingFilter; paging: FundingPaging } {
  const q: Query = query ?? {};
  const statuses = many(q, 'status').map((s) => oneOf(OPPORTUNITY_STATUSES, s, 'status'));
  const programme = one(q, 'programme');
  if (programme !== undefined && (programme.length > 100 || !SLUG.test(programme))) throw badParameter('programme');
  const kinds = many(q, 'kind').map((k) => oneOf(OPPORTUNITY_KINDS, k, 'kind'));
  const topics = many(q, 'topic');
  if (topics.some((t) => t.length > 100 || !SLUG.test(t))) throw badParameter('topic');
  const eligibleKind = one(q, 'eligible_kind');
  if (eligibleKind !== undefined) oneOf(ELIGIBLE_KINDS, eligibleKind, 'eligible_kind');
  const rawCountry = one(q, 'country');
  const country = rawCountry?.toUpperCase();
  if (country !== undefined && !COUNTRY_CODES.has(country)) throw badParameter('country');
  const size = one(q, 'size');
  if (size !== undefined) oneOf(ELIGIBLE_SIZES, size, 'size');
  const deadlineFrom = day(q, 'deadline_from');
  const deadlineTo = day(q, 'deadline_to');
  if (deadlineFrom && deadlineTo && deadlineTo < deadlineFrom) throw badParameter('deadline_to');
  const budgetMin = euros(q, 'budget_min');
  const budgetMax = euros(q, 'budget_max');
  if (budgetMin !== undefined && budgetMax !== undefined && budgetMax < budgetMin) throw badParameter('budget_max');
  const forValue = one(q, 'for');
  if (forValue !== undefined) oneOf(['me'], forValue, 'for');
  const sortValue = one(q, 'sort');
  const sort = sortValue === undefined ? 'deadline' : oneOf(FUNDING_SORTS, sortValue, 'sort');
  const rawCursor = one(q, 'cursor');
  const cursor = rawCursor === undefined ? undefined : decodeFundingCursor(rawCursor, 'cursor');
  const page = whole(q, 'page', MAX_PAGE) ?? 1;
  if (cursor && page !== 1) throw badParameter('page');
  const limit = whole(q, 'limit', MAX_LIMIT) ?? DEFAULT_LIMIT;
  const filter: FundingFilter = {
    statuses: statuses.length ? statuses : [...DEFAULT_STATUSES],
    kinds,
    topics,
    forMe: forValue === 'me',
    sort,
  };
  if (programme !== undefined) filter.programme = programme;
  if (eligibleKind !== undefined) filter.eligibleKind = eligibleKind;
  if (country !== undefined) filter.country = country;
  if (size !== undefined) filter.size = size;
  if (deadlineFrom !== undefined) filter.deadlineFrom = deadlineFrom;
  if (deadlineTo !== undefined) filter.deadlineTo = deadlineTo;
  if (budgetMin !== undefined) filter.budgetMin = budgetMin;
  if (budgetMax !== undefined) filter.budgetMax = budgetMax;
  return { filter, paging: { ...(cursor ? { cursor } : {}), page, limit } };
}

/**
 * The filter as a query string (for links, feeds and the next page), without its defaults, in a
 * fixed order; '' when it is the default filter. `for=me` is kept.
 */
export function filterQuery(f: FundingFilter): string {
  const p = new URLSearchParams();
  const defaultStatuses =
    f.statuses.length === DEFAULT_STATUSES.length && DEFAULT_STATUSES.every((s) => f.statuses.includes(s));
  if (!defaultStatuses) for (const s of f.statuses) p.append('status', s);
  if (f.programme) p.set('programme', f.programme);
  for (const k of f.kinds) p.append('kind', k);
  for (const t of f.topics) p.append('topic', t);
  if (f.eligibleKind) p.set('eligible_kind', f.eligibleKind);
  if (f.country) p.set('country', f.country);
  if (f.size) p.set('size', f.size);
  if (f.deadlineFrom) p.set('deadline_from', f.deadlineFrom);
  if (f.deadlineTo) p.set('deadline_to', f.deadlineTo);
  if (f.budgetMin !== undefined) p.set('budget_min', String(f.budgetMin));
  if (f.budgetMax !== undefined) p.set('budget_max', String(f.budgetMax));
  if (f.forMe) p.set('for', 'me');
  if (f.sort !== 'deadline') p.set('sort', f.sort);
  return p.toString();
}

/** What a filtered organisation is, for `for=me`: its kind, country and size band. */
export interface EligibleOrganisation {
  /** Its name, for saying whose eligibility applies (not part of the rule). */
  name?: string;
  kind: string;
  country: string | null;
  sizeBand: string | null;
}

/**
 * The reader's confirmed organisations (fresh), as `for=me` needs them; empty for a visitor or
 * someone without a confirmed affiliation.
 */
export async function organisationsForMe(db: Kysely<Database>, userId: number | null): Promise<EligibleOrganisation[]> {
  if (userId === null) return [];
  const ids = (await confirmedOrganisationIds(db, [userId])).get(userId) ?? [];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'kind', 'country', 'size_band'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind, country: r.country ?? null, sizeBand: r.size_band ?? null }));
}

/** What applying a filter needs besides the filter: who reads, when, and (for `for=me`) their organisations. */
export interface FilterContext {
  reader: FundingReader;
  now: Date;
  closingSoonDays: number;
  /** The reader's confirmed organisations (`organisationsForMe`); only read when `filter.forMe`. */
  organisations: readonly EligibleOrganisation[];
}

type Eb = ExpressionBuilder<Database, 'funding_opportunities'>;
const DIMENSION = { kind: 'kind', country: 'country', size: 'size' } as const;

/** The item allows `value` in `dimension`: it names no value there, or names this one. */
function allows(eb: Eb, dimension: keyof typeof DIMENSION, value: string | null): Expression<SqlBool> {
  const rows = (only?: string | null) => {
    let q = eb
      .selectFrom('funding_eligibility as e')
      .select(sql`1`.as('one'))
      .whereRef('e.opportunity_id', '=', 'funding_opportunities.id')
      .where('e.dimension', '=', DIMENSION[dimension]);
    if (only !== undefined && only !== null) q = q.where('e.value', '=', only);
    return q;
  };
  const none = eb.not(eb.exists(rows()));
  return value === null ? none : eb.or([none, eb.exists(rows(value))]);
}

const dayStart = (d: string) => `${d}T00:00:00.000Z`;
const nextDayStart = (d: string) => new Date(Date.parse(dayStart(d)) + 86_400_000).toISOString();

/** The filter (without paging and order) as a condition on `funding_opportunities`, always with the visibility rule. */
export function filterCondition(f: FundingFilter, c: FilterContext): (eb: Eb) => Expression<SqlBool> {
  return (eb) => {
    const parts: Expression<SqlBool>[] = [
      visibleOpportunities(c.reader)(eb),
      statusFilter(eb, f.statuses, c.now, c.closingSoonDays),
    ];
    if (f.programme !== undefined)
      parts.push(
        eb(
          'funding_opportunities.programme_id',
          'in',
          eb
            .selectFrom('funding_programmes')
            .select('funding_programmes.id')
            .where('funding_programmes.slug', '=', f.programme),
        ),
      );
    if (f.kinds.length) parts.push(eb('funding_opportunities.kind', 'in', f.kinds));
    if (f.topics.length)
      parts.push(
        eb.exists(
          eb
            .selectFrom('taggings')
            .innerJoin('tags', 'tags.id', 'taggings.tag_id')
            .select(sql`1`.as('one'))
            .where('taggings.subject_type', '=', 'opportunity')
            .whereRef('taggings.subject_id', '=', 'funding_opportunities.id')
            .where('tags.slug', 'in', f.topics),
        ),
      );
    if (f.eligibleKind !== undefined) parts.push(allows(eb, 'kind', f.eligibleKind));
    if (f.country !== undefined) parts.push(allows(eb, 'country', f.country));
    if (f.size !== undefined) parts.push(allows(eb, 'size', f.size));
    if (f.deadlineFrom !== undefined || f.deadlineTo !== undefined) {
      let q = eb
        .selectFrom('funding_deadlines as d')
        .select(sql`1`.as('one'))
        .whereRef('d.opportunity_id', '=', 'funding_opportunities.id');
      if (f.deadlineFrom !== undefined) q = q.where('d.at', '>=', dayStart(f.deadlineFrom));
      if (f.deadlineTo !== undefined) q = q.where('d.at', '<', nextDayStart(f.deadlineTo));
      parts.push(eb.exists(q));
    }
    if (f.budgetMin !== undefined) parts.push(eb('funding_opportunities.budget_eur', '>=', f.budgetMin));
    if (f.budgetMax !== undefined) parts.push(eb('funding_opportunities.budget_eur', '<=', f.budgetMax));
    if (f.forMe) {
      // An item fits when for at least one of the reader's organisations every dimension allows it.
      const fits = c.organisations.map((o) =>
        eb.and([allows(eb, 'kind', o.kind), allows(eb, 'country', o.country), allows(eb, 'size', o.sizeBand)]),
      );
      parts.push(fits.length ? eb.or(fits) : sql<SqlBool>`1 = 0`);
    }
    return eb.and(parts);
  };
}

/** Far in the future: the sort key of an item without a deadline still to come (last when sorted by deadline). */
const NO_DEADLINE = '9999-12-31T00:00:00.000Z';

/** The next deadline of the row still to come at `now` (SQL; null when none). */
const nextDeadlineAfter = (now: Date) =>
  sql`select min(nd.at) from funding_deadlines nd
       where nd.opportunity_id = funding_opportunities.id and nd.at > ${now.toISOString()}`;

/**
 * The sort key of a filter's order, as SQL: by deadline, the next deadline still to come at
 * `now` (ascending; none: last); newest, `created_at` (descending); budget, `budget_eur`
 * (descending; none: −1, last). Ties by id, in the key's direction.
 */
export function sortKey(f: FundingFilter, now: Date): { key: Expression<unknown>; desc: boolean } {
  switch (f.sort) {
    case 'newest':
      return { key: sql`funding_opportunities.created_at`, desc: true };
    case 'budget':
      return { key: sql`coalesce(funding_opportunities.budget_eur, -1)`, desc: true };
    case 'deadline':
      return {
        key: sql`coalesce((${nextDeadlineAfter(now)}), ${NO_DEADLINE})`,
        desc: false,
      };
  }
}

/** The cursor's key as the query compares it (an instant, or euros). */
const cursorValue = (f: FundingFilter, key: string): string | number => {
  if (f.sort === 'budget') {
    if (!/^-?[0-9]+$/.test(key)) throw badParameter('cursor');
    return Number(key);
  }
  if (!key.includes('T')) throw badParameter('cursor');
  return key;
};

/**
 * A query of `funding_opportunities` filtered, ordered and limited (`limit + 1` rows, so that the
 * caller knows whether more follow), selecting the id and the sort key (`sort_key`).
 */
export function applyFilter<O>(
  query: SelectQueryBuilder<Database, 'funding_opportunities', O>,
  f: FundingFilter,
  c: FilterContext,
  paging: FundingPaging,
) {
  const { key, desc } = sortKey(f, c.now);
  let q = query
    .where(filterCondition(f, c))
    .select([sql<string | number>`${key}`.as('sort_key'), 'funding_opportunities.id as opportunity_id']);
  if (paging.cursor) {
    const k = cursorValue(f, paging.cursor.key);
    const id = paging.cursor.id;
    q = q.where((eb) =>
      desc
        ? eb.or([
            sql<SqlBool>`${key} < ${k}`,
            eb.and([sql<SqlBool>`${key} = ${k}`, eb('funding_opportunities.id', '<', id)]),
          ])
        : eb.or([
            sql<SqlBool>`${key} > ${k}`,
            eb.and([sql<SqlBool>`${key} = ${k}`, eb('funding_opportunities.id', '>', id)]),
          ]),
    );
  }
  q = q
    .orderBy(sql`${key}`, desc ? 'desc' : 'asc')
    .orderBy('funding_opportunities.id', desc ? 'desc' : 'asc')
    .limit(paging.limit + 1);
  if (!paging.cursor && paging.page > 1) q = q.offset((paging.page - 1) * paging.limit);
  return q;
}

/** One page of the register: the ids in order, the cursor of the next page (if any), and the count. */
export interface FilteredPage {
  ids: number[];
  next: string | null;
  total: number;
}

/** The ids of one page of items a filter keeps, the next page's cursor, and how many it keeps in all. */
export async function filteredPage(
  db: Kysely<Database>,
  f: FundingFilter,
  c: FilterContext,
  paging: FundingPaging,
): Promise<FilteredPage> {
  const rows = await applyFilter(db.selectFrom('funding_opportunities'), f, c, paging).execute();
  const more = rows.length > paging.limit;
  const kept = rows.slice(0, paging.limit);
  const last = kept.at(-1);
  const counted = await db
    .selectFrom('funding_opportunities')
    .where(filterCondition(f, c))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    ids: kept.map((r) => Number(r.opportunity_id)),
    next: more && last ? encodeFundingCursor({ key: keyText(last.sort_key), id: Number(last.opportunity_id) }) : null,
    total: Number(counted.n),
  };
}

/** A sort key as a cursor holds it: an instant as ISO text, euros as digits. */
function keyText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  const s = String(v);
  if (/^-?[0-9]+$/.test(s)) return s;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : s;
}

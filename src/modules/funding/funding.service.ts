import type { Kysely, Transaction } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import { tellOpportunityFollowers } from './funding.tell.js';
import { markProgrammeItemsForIndex } from './funding.search.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database } from '../../core/db/types.js';
import { isTimeZoneChoice } from '../../core/i18n/time-zone.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import { findOpportunity, findProgramme, tagSlugsOf, type Eligibility, type Opportunity } from './funding.queries.js';
// Followers hear of a new item or a change: their mail jobs are queued in the change's transaction.
import { queueFollowMails } from './funding.mail.js';
import {
  COUNTRY_CODES,
  ELIGIBLE_KINDS,
  ELIGIBLE_SIZES,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATES,
  POLICY_KINDS,
  POLICY_STAGES,
  type EligibilityDimension,
  type OpportunityKind,
  type OpportunityState,
  type PolicyStage,
} from './funding.tables.js';

type Db = Kysely<Database>;

/** The largest amount the register takes, in euros (more than any programme's budget). */
export const MAX_EUR = 1e13;
export const TITLE_MAX = 300;
export const SUMMARY_MAX = 1000;
export const BODY_MAX = 50_000;
export const DEADLINES_MAX = 10;

/** What an item of the register is made of; a change (`changeOpportunity`) gives any part of it. */
export interface OpportunityInput {
  /** A stable id from elsewhere (an import's source); unique. */
  externalId?: string | null;
  programmeId?: number | null;
  kind: OpportunityKind;
  title: string;
  summary: string;
  /** Markdown. */
  body?: string;
  /** The language it is written in. */
  lang: string;
  /** For policies and initiatives. */
  stage?: PolicyStage | null;
  /** Instants (ISO-8601). */
  opensAt?: string | null;
  deadlines?: { at: string; label?: string }[];
  /** IANA zone its dates are announced in. */
  timeZone: string;
  budgetEur?: number | null;
  grantMinEur?: number | null;
  grantMaxEur?: number | null;
  cofinancingRate?: number | null;
  url?: string | null;
  contact?: string;
  eligibility?: Partial<Eligibility>;
  /** Tag labels in `lang`; they replace its tags. */
  tags?: { labels: string[]; lang: string };
  /** Published by default; a member's suggestion is `suggested`. */
  state?: OpportunityState;
  suggestedBy?: number | null;
}
export type OpportunityChange = Partial<OpportunityInput>;

/** Who made a change, when and why. */
export interface FundingChangeMeta {
  userId: number | null;
  /** An instant; now, or the demo's. */
  at: string;
  explanation?: string;
  /** The version the editor started from: a save over a later one is refused (`version`, `conflict`). */
  expectedVersion?: number;
  /** False for the demo (no one's act to answer for). */
  audit?: boolean;
}

/** What the register refuses, naming the field (`deadlines/1/at`, `eligibility/countries/0`) and why. */
export class FundingChangeError extends Error {
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

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** An instant as the register keeps it (ISO-8601 UTC with milliseconds), or null when it is not one. */
export function instantOf(value: string): string | null {
  if (!INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(ms).toISOString() : null;
}

const isAmount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_EUR;
const hasNul = (s: string) => s.includes('\u0000');

/**
 * The item as it will be after `change`, checked (writing nothing); throws FundingChangeError.
 * `programmeIds`, when given, are the programmes that exist (an import knows them all), sparing a
 * read per item.
 */
export async function checked(
  db: Db,
  before: Opportunity | null,
  change: OpportunityChange,
  programmeIds?: ReadonlySet<number>,
): Promise<Required<Omit<OpportunityInput, 'tags'>>> {
  const pick = <K extends keyof OpportunityInput>(key: K, fallback: OpportunityInput[K]): OpportunityInput[K] =>
    change[key] === undefined ? fallback : change[key];
  const kind = pick('kind', before?.kind ?? ('call' as OpportunityKind))!;
  if (!OPPORTUNITY_KINDS.includes(kind)) throw new FundingChangeError('kind', 'unknown');
  const title = (pick('title', before?.title ?? '') ?? '').trim();
  if (!title) throw new FundingChangeError('title', 'required');
  if (title.length > TITLE_MAX || hasNul(title)) throw new FundingChangeError('title', 'tooLong');
  const summary = (pick('summary', before?.summary ?? '') ?? '').trim();
  if (!summary) throw new FundingChangeError('summary', 'required');
  if (summary.length > SUMMARY_MAX || hasNul(summary)) throw new FundingChangeError('summary', 'tooLong');
  const body = pick('body', before?.body ?? '') ?? '';
  if (body.length > BODY_MAX || hasNul(body)) throw new FundingChangeError('body', 'tooLong');
  const lang = pick('lang', before?.lang ?? 'en')!;
  if (!/^[a-z]{2,3}$/.test(lang)) throw new FundingChangeError('lang', 'unknown');

  const programmeId = pick('programmeId', before?.programme?.id ?? null) ?? null;
  const programmeExists = async (id: number) =>
    programmeIds ? programmeIds.has(id) : (await findProgramme(db, { id })) !== null;
  if (programmeId !== null && (!Number.isSafeInteger(programmeId) || !(await programmeExists(programmeId))))
    throw new FundingChangeError('programme', 'unknown');

  const stage = pick('stage', before?.stage ?? null) ?? null;
  if (stage !== null && !POLICY_STAGES.includes(stage)) throw new FundingChangeError('stage', 'unknown');
  if (stage !== null && !POLICY_KINDS.includes(kind)) throw new FundingChangeError('stage', 'notPolicy');

  const timeZone = pick('timeZone', before?.timeZone ?? 'Europe/Brussels')!;
  if (!isTimeZoneChoice(timeZone)) throw new FundingChangeError('time_zone', 'unknown');

  const rawOpens = pick('opensAt', before?.opensAt ?? null) ?? null;
  const opensAt = rawOpens === null ? null : instantOf(rawOpens);
  if (rawOpens !== null && opensAt === null) throw new FundingChangeError('opens_at', 'date');
  const rawDeadlines = pick('deadlines', before?.deadlines ?? []) ?? [];
  if (rawDeadlines.length > DEADLINES_MAX) throw new FundingChangeError('deadlines', 'tooMany');
  const deadlines = rawDeadlines.map((d, i) => {
    const at = typeof d.at === 'string' ? instantOf(d.at) : null;
    if (at === null) throw new FundingChangeError(`deadlines/${i}/at`, 'date');
    const label = (d.label ?? '').trim();
    if (label.length > 200 || hasNul(label)) throw new FundingChangeError(`deadlines/${i}/label`, 'tooLong');
    return { at, label };
  });
  for (const [i, d] of deadlines.entries()) {
    if (opensAt !== null && d.at <= opensAt) throw new FundingChangeError(`deadlines/${i}/at`, 'beforeOpening');
    if (i > 0 && d.at <= deadlines[i - 1]!.at) throw new FundingChangeError(`deadlines/${i}/at`, 'order');
  }

  const amounts = {
    budgetEur: pick('budgetEur', before?.budgetEur ?? null) ?? null,
    grantMinEur: pick('grantMinEur', before?.grantMinEur ?? null) ?? null,
    grantMaxEur: pick('grantMaxEur', before?.grantMaxEur ?? null) ?? null,
  };
  const fields = { budgetEur: 'budget_eur', grantMinEur: 'grant_min_eur', grantMaxEur: 'grant_max_eur' } as const;
  for (const [key, value] of Object.entries(amounts))
    if (value !== null && !isAmount(value)) throw new FundingChangeError(fields[key as keyof typeof fields], 'amount');
  if (amounts.grantMinEur !== null && amounts.grantMaxEur !== null && amounts.grantMinEur > amounts.grantMaxEur)
    throw new FundingChangeError('grant_max_eur', 'belowMin');
  if (amounts.budgetEur !== null && amounts.grantMaxEur !== null && amounts.grantMaxEur > amounts.budgetEur)
    throw new FundingChangeError('grant_max_eur', 'aboveBudget');
  const cofinancingRate = pick('cofinancingRate', before?.cofinancingRate ?? null) ?? null;
  if (cofinancingRate !== null && (!Number.isInteger(cofinancingRate) || cofinancingRate < 0 || cofinancingRate > 100))
    throw new FundingChangeError('cofinancing_rate', 'range');

  const url = pick('url', before?.url ?? null) || null;
  if (url !== null && (url.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(url)))
    throw new FundingChangeError('url', 'url');
  const contact = (pick('contact', before?.contact ?? '') ?? '').trim();
  if (contact.length > 500 || hasNul(contact)) throw new FundingChangeError('contact', 'tooLong');
  const externalId = pick('externalId', before?.externalId ?? null) || null;
  if (externalId !== null && (externalId.length > 200 || !/^[\x21-\x7e]+$/.test(externalId)))
    throw new FundingChangeError('external_id', 'format');

  const given = change.eligibility ?? {};
  const eligibility: Eligibility = {
    kinds: [...new Set(given.kinds ?? before?.eligibility.kinds ?? [])],
    countries: [...new Set((given.countries ?? before?.eligibility.countries ?? []).map((c) => c.toUpperCase()))],
    sizes: [...new Set(given.sizes ?? before?.eligibility.sizes ?? [])],
  };
  eligibility.kinds.forEach((k, i) => {
    if (!(ELIGIBLE_KINDS as readonly string[]).includes(k))
      throw new FundingChangeError(`eligibility/kinds/${i}`, 'unknown');
  });
  eligibility.countries.forEach((c, i) => {
    if (!COUNTRY_CODES.has(c)) throw new FundingChangeError(`eligibility/countries/${i}`, 'country');
  });
  eligibility.sizes.forEach((s, i) => {
    if (!(ELIGIBLE_SIZES as readonly string[]).includes(s))
      throw new FundingChangeError(`eligibility/sizes/${i}`, 'unknown');
  });

  const state = pick('state', before?.state ?? 'published')!;
  if (!OPPORTUNITY_STATES.includes(state)) throw new FundingChangeError('state', 'unknown');
  const suggestedBy = pick('suggestedBy', before?.suggestedBy ?? null) ?? null;
  return {
    externalId,
    programmeId,
    kind,
    title,
    summary,
    body,
    lang,
    stage,
    opensAt,
    deadlines,
    timeZone,
    ...amounts,
    cofinancingRate,
    url,
    contact,
    eligibility,
    state,
    suggestedBy,
  } as Required<Omit<OpportunityInput, 'tags'>>;
}

/** What a version keeps: the tracked fields after the change (comparing two versions compares these). */
export function snapshotOf(o: Opportunity, tags: string[]): Record<string, unknown> {
  return {
    external_id: o.externalId,
    programme: o.programme?.slug ?? null,
    kind: o.kind,
    state: o.state,
    title: o.title,
    summary: o.summary,
    body: o.body,
    stage: o.stage,
    opens_at: o.opensAt,
    deadlines: o.deadlines,
    time_zone: o.timeZone,
    budget_eur: o.budgetEur,
    grant_min_eur: o.grantMinEur,
    grant_max_eur: o.grantMaxEur,
    cofinancing_rate: o.cofinancingRate,
    url: o.url,
    contact: o.contact,
    eligibility: o.eligibility,
    tags,
  };
}

async function writeChildren(db: Db, id: number, item: Required<Omit<OpportunityInput, 'tags'>>): Promise<void> {
  await db.deleteFrom('funding_deadlines').where('opportunity_id', '=', id).execute();
  const deadlines = item.deadlines ?? [];
  if (deadlines.length)
    await db
      .insertInto('funding_deadlines')
      .values(deadlines.map((d, i) => ({ opportunity_id: id, position: i + 1, at: d.at, label: d.label ?? '' })))
      .execute();
  await db.deleteFrom('funding_eligibility').where('opportunity_id', '=', id).execute();
  const rows: { opportunity_id: number; dimension: EligibilityDimension; value: string }[] = [
    ...(item.eligibility.kinds ?? []).map((value) => ({ opportunity_id: id, dimension: 'kind' as const, value })),
    ...(item.eligibility.countries ?? []).map((value) => ({
      opportunity_id: id,
      dimension: 'country' as const,
      value,
    })),
    ...(item.eligibility.sizes ?? []).map((value) => ({ opportunity_id: id, dimension: 'size' as const, value })),
  ];
  if (rows.length) await db.insertInto('funding_eligibility').values(rows).execute();
}

function columnsOf(item: Required<Omit<OpportunityInput, 'tags'>>) {
  const deadlines = item.deadlines ?? [];
  return {
    external_id: item.externalId,
    programme_id: item.programmeId,
    kind: item.kind,
    state: item.state,
    suggested_by: item.suggestedBy,
    original_lang: item.lang,
    title: item.title,
    summary: item.summary,
    body: item.body,
    stage: item.stage,
    opens_at: item.opensAt,
    closes_at: deadlines.at(-1)?.at ?? null,
    time_zone: item.timeZone,
    budget_eur: item.budgetEur,
    grant_min_eur: item.grantMinEur,
    grant_max_eur: item.grantMaxEur,
    cofinancing_rate: item.cofinancingRate,
    url: item.url,
    contact: item.contact,
  };
}

async function externalIdTaken(db: Db, externalId: string | null, id: number | null): Promise<boolean> {
  if (externalId === null) return false;
  const row = await db
    .selectFrom('funding_opportunities')
    .select('id')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row !== undefined && row.id !== id;
}

async function appendVersion(db: Db, o: Opportunity, meta: FundingChangeMeta, action: string): Promise<void> {
  await db
    .insertInto('funding_versions')
    .values({
      opportunity_id: o.id,
      version: o.version,
      at: meta.at,
      user_id: meta.userId,
      explanation: (meta.explanation ?? '').trim(),
      snapshot: JSON.stringify(snapshotOf(o, await tagSlugsOf(db, o.id))),
    })
    .execute();
  if (meta.audit !== false)
    await recordAudit(db, {
      actorId: meta.userId,
      action,
      subjectType: 'opportunity',
      subjectId: String(o.id),
      details: { version: o.version, title: o.title },
    });
}

/**
 * Adds an item to the register with its first version (and an audit entry `funding.create`), in
 * one transaction; throws FundingChangeError naming the field, and then stores nothing.
 */
export async function createOpportunity(
  db: Db,
  input: OpportunityInput,
  meta: FundingChangeMeta,
): Promise<Opportunity> {
  return inTransaction(db, async (trx) => {
    const item = await checked(trx, null, input);
    if (await externalIdTaken(trx, item.externalId, null)) throw new FundingChangeError('external_id', 'taken');
    const { id } = await trx
      .insertInto('funding_opportunities')
      .values({ ...columnsOf(item), version: 1, created_at: meta.at, updated_at: meta.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeChildren(trx, id, item);
    await tag(trx, id, input.tags, item.state, meta.at);
    const created = (await findOpportunity(trx, id))!;
    await appendVersion(trx, created, meta, 'funding.create');
    await queueFollowMails(trx, null, created);
    await markForIndex(trx, 'opportunity', [id]);
    // Its author follows it; its followers are told in the app (follows module; not the demo).
    if (meta.audit !== false) await tellOpportunityFollowers(trx, null, created, meta.userId);
    return created;
  });
}

/**
 * Changes an item (what `change` gives; the rest stays), appending its version and an audit
 * entry (`funding.update`) in one transaction. A save that changes nothing is no version (the
 * item comes back as it was). `meta.expectedVersion` older than the stored one is a conflict.
 */
export async function changeOpportunity(
  db: Db,
  id: number,
  change: OpportunityChange,
  meta: FundingChangeMeta,
): Promise<Opportunity> {
  return inTransaction(db, async (trx) => {
    const before = await findOpportunity(trx, id);
    if (!before) throw new FundingChangeError('id', 'unknown');
    if (meta.expectedVersion !== undefined && meta.expectedVersion !== before.version)
      throw new FundingChangeError('version', 'conflict');
    const item = await checked(trx, before, change);
    if (await externalIdTaken(trx, item.externalId, id)) throw new FundingChangeError('external_id', 'taken');
    const tagsBefore = await tagSlugsOf(trx, id);
    await trx
      .updateTable('funding_opportunities')
      .set({ ...columnsOf(item), updated_at: meta.at })
      .where('id', '=', id)
      .execute();
    await writeChildren(trx, id, item);
    await tag(trx, id, change.tags, item.state, before.createdAt);
    const after = (await findOpportunity(trx, id))!;
    const same =
      JSON.stringify(snapshotOf(after, await tagSlugsOf(trx, id))) === JSON.stringify(snapshotOf(before, tagsBefore));
    if (same) {
      await trx
        .updateTable('funding_opportunities')
        .set({ updated_at: before.updatedAt })
        .where('id', '=', id)
        .execute();
      return before;
    }
    await trx
      .updateTable('funding_opportunities')
      .set({ version: before.version + 1 })
      .where('id', '=', id)
      .execute();
    const changed = { ...after, version: before.version + 1 };
    await appendVersion(trx, changed, meta, 'funding.update');
    await queueFollowMails(trx, before, changed);
    await markForIndex(trx, 'opportunity', [id]);
    if (meta.audit !== false) await tellOpportunityFollowers(trx, before, changed, meta.userId);
    return changed;
  });
}

async function tag(
  db: Db,
  id: number,
  tags: { labels: string[]; lang: string } | undefined,
  state: OpportunityState,
  publishedAt: string,
): Promise<void> {
  await setTaggings(db, {
    type: 'opportunity',
    id,
    tagIds: tags ? await ensureTags(db, tags.labels, tags.lang) : undefined,
    publishedAt,
    isPublic: state === 'published',
    partnershipId: null,
  });
}

/** What a programme is made of. */
export interface ProgrammeInput {
  slug: string;
  name: string;
  periodFrom?: number | null;
  periodTo?: number | null;
  budgetEur?: number | null;
  budgetNote?: string;
  managingService?: string;
  url?: string | null;
  description?: string;
}

function checkedProgramme(p: ProgrammeInput): ProgrammeInput {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(p.slug) || p.slug.length > 80) throw new FundingChangeError('slug', 'format');
  const name = p.name.trim();
  if (!name) throw new FundingChangeError('name', 'required');
  if (name.length > 200 || hasNul(name)) throw new FundingChangeError('name', 'tooLong');
  for (const key of ['periodFrom', 'periodTo'] as const) {
    const year = p[key];
    if (year !== null && year !== undefined && (!Number.isInteger(year) || year < 1950 || year > 2100))
      throw new FundingChangeError(key === 'periodFrom' ? 'period_from' : 'period_to', 'year');
  }
  if (p.periodFrom != null && p.periodTo != null && p.periodTo < p.periodFrom)
    throw new FundingChangeError('period_to', 'beforeStart');
  if (p.budgetEur != null && !isAmount(p.budgetEur)) throw new FundingChangeError('budget_eur', 'amount');
  if (p.url && !/^https?:\/\/[^\s]+$/i.test(p.url)) throw new FundingChangeError('url', 'url');
  for (const key of ['budgetNote', 'managingService', 'description'] as const)
    if ((p[key] ?? '').length > 5000 || hasNul(p[key] ?? '')) throw new FundingChangeError(key, 'tooLong');
  return { ...p, name };
}

/** Adds a programme or changes the one with its slug (audited: `funding.programme`). */
export async function saveProgramme(
  db: Db,
  input: ProgrammeInput,
  meta: { userId: number | null; at: string; audit?: boolean },
): Promise<number> {
  const p = checkedProgramme(input);
  return inTransaction(db, async (trx) => {
    const values = {
      name: p.name,
      period_from: p.periodFrom ?? null,
      period_to: p.periodTo ?? null,
      budget_eur: p.budgetEur ?? null,
      budget_note: p.budgetNote ?? '',
      managing_service: p.managingService ?? '',
      url: p.url || null,
      description: p.description ?? '',
      updated_at: meta.at,
    };
    const existing = await findProgramme(trx, { slug: p.slug });
    let id: number;
    if (existing) {
      await trx.updateTable('funding_programmes').set(values).where('id', '=', existing.id).execute();
      id = existing.id;
      // Its name is in its items' documents (funding.search.ts).
      if (existing.name !== p.name) await markProgrammeItemsForIndex(trx, id);
    } else {
      id = (
        await trx
          .insertInto('funding_programmes')
          .values({ ...values, slug: p.slug, created_at: meta.at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    if (meta.audit !== false)
      await recordAudit(trx, {
        actorId: meta.userId,
        action: 'funding.programme',
        subjectType: 'programme',
        subjectId: p.slug,
        details: { name: p.name },
      });
    return id;
  });
}

import { toFlag } from '../core/db/dialect.js';
import { snapshotOf } from '../modules/funding/funding.service.js';
import type { Opportunity } from '../modules/funding/funding.queries.js';
import type { OpportunityKind, OpportunityState, PolicyStage } from '../modules/funding/funding.tables.js';
import { slugify } from '../modules/tags/index.js';
import { Random } from './random.js';
import * as text from './text.js';
import type { BulkWriter } from './writer.js';

/**
 * The funding register of the synthetic data set: programmes beside the demo's, and items of the
 * pipeline as `createOpportunity` writes them — `closes_at` the last of their deadlines, who may
 * apply one row per value, the first version with its snapshot (`snapshotOf`), and taggings as
 * `setTaggings` writes them (no partnership; published at the item's creation; public when
 * published). Their dates lie around `nowMs`: most are closed (up to nine years back), a share
 * open, closing soon or forthcoming, a few without a deadline.
 */

const DAY = 86_400_000;
const M = 1_000_000;

/** A tag an item may take as a topic. */
export interface FundingTopic {
  id: number;
  slug: string;
  label: string;
}

/** A programme already in the database (the demo's). */
export interface KnownProgramme {
  id: number;
  slug: string;
  name: string;
}

export interface FundingInput {
  /** Items to make. */
  count: number;
  randomSeed: number;
  nowMs: number;
  /** The programmes there are (the demo's), drawn from more often than synthetic ones. */
  programmes: readonly KnownProgramme[];
  /** The register's usual topics (the demo's: "Digital transition", "e-government", "Open data" …). */
  coreTopics: readonly FundingTopic[];
  /** Every tag to draw from, the most used first (drawn skewed towards the start). */
  pool: readonly FundingTopic[];
  /** Who suggests the few suggested items (members' suggestions); may be empty. */
  people: readonly number[];
  firstProgrammeId: number;
  firstOpportunityId: number;
}

export interface FundingMade {
  programmes: number;
  opportunities: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

const EU27 = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');
const ORGANISATION_KINDS = [
  'city',
  'metropolitan-area',
  'region',
  'member-state',
  'eu-institution',
  'agency',
  'network',
  'research',
  'other',
];
const LOCAL = ['city', 'metropolitan-area', 'region'];
const SIZES: readonly (readonly string[])[] = [['small'], ['small', 'medium'], ['medium', 'large'], ['large']];
const STAGES: readonly PolicyStage[] = ['announced', 'consultation', 'proposal', 'adopted', 'implementation'];

/** Kinds by their share of the register. */
const KINDS: readonly [OpportunityKind, number][] = [
  ['call', 0.5],
  ['tender', 0.14],
  ['prize', 0.05],
  ['technical_assistance', 0.08],
  ['initiative', 0.12],
  ['policy', 0.11],
];
const POLICY = new Set<OpportunityKind>(['initiative', 'policy']);

const TITLE_OPENINGS: Record<OpportunityKind, readonly string[]> = {
  call: ['Call for proposals', 'Open call', 'Call for pilot projects', 'Call for city networks'],
  tender: ['Call for tenders', 'Framework contract', 'Service contract'],
  prize: ['Prize', 'Award', 'Challenge prize'],
  technical_assistance: ['Technical assistance', 'Advisory support', 'Expert support'],
  initiative: ['Initiative', 'Network of cities', 'Pledge'],
  policy: ['Public consultation', 'Policy proposal', 'Guidelines'],
};
const TITLE_ENDINGS = [
  'in small and medium-sized towns',
  'for cities and regions',
  'for local administrations',
  'across borders',
  'in functional urban areas',
  'for urban neighbourhoods',
  'for municipal services',
  'with citizens',
  'in metropolitan areas',
  'for the next programming period',
];

const PROGRAMME_AREAS = [
  'Urban Resilience',
  'Smart Mobility',
  'Civic Technology',
  'Green Cities',
  'Cohesion for Towns',
  'Digital Public Services',
  'Circular Economy',
  'Clean Air',
  'Social Innovation',
  'Cultural Heritage',
  'Housing Renovation',
  'Water and Climate',
];
const PROGRAMME_NOUNS = ['Facility', 'Fund', 'Programme', 'Instrument', 'Initiative'];
const SERVICES = ['DG REGIO', 'DG CNECT', 'DG ENV', 'DG MOVE', 'DG EMPL', 'DG GROW', 'DG RTD', 'CINEA', 'EISMEA'];

/** How many synthetic programmes go with `count` items: one per thousand, at least one, at most 30. */
export const programmesFor = (count: number): number => (count === 0 ? 0 : Math.min(30, Math.ceil(count / 1000)));

/** 16:00 UTC (17:00 Brussels time in winter) on the day `days` from `nowMs`'s. */
function dayAt(nowMs: number, days: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 16) + days * DAY;
}

/** An amount between `min` and `max`, spread evenly over the orders of magnitude, rounded to `step`. */
function amount(r: Random, min: number, max: number, step: number): number {
  const value = Math.exp(Math.log(min) + r.next() * (Math.log(max) - Math.log(min)));
  return Math.max(step, Math.round(value / step) * step);
}

interface Dates {
  opensMs: number | null;
  deadlines: number[];
  createdMs: number;
}

/**
 * The dates of one item: its status is drawn first (84 % closed, 3 % forthcoming, 2 % closing
 * soon, 8 % open, 3 % without a deadline), then dates that give it; about one in seven has two
 * or three deadlines (stages).
 */
function datesOf(r: Random, nowMs: number): Dates {
  const x = r.next();
  const stages = r.chance(0.15) ? r.between(2, 3) : 1;
  if (x < 0.84) {
    // Closed: the last deadline up to nine years back, the earlier stages before it.
    const lastDay = -r.between(1, Math.floor(9 * 365.25));
    const length = r.between(30, 150);
    const deadlines = [dayAt(nowMs, lastDay)];
    for (let s = 1; s < stages; s++) deadlines.unshift(deadlines[0]! - r.between(20, 60) * DAY);
    const opensMs = deadlines[0]! - length * DAY;
    return { opensMs, deadlines, createdMs: opensMs - r.int(60) * DAY - r.int(DAY) };
  }
  if (x < 0.87) {
    // Forthcoming: opens within four months.
    const opensMs = dayAt(nowMs, r.between(1, 120)) - 7 * 3_600_000;
    const deadlines = [opensMs + r.between(30, 150) * DAY + 7 * 3_600_000];
    for (let s = 1; s < stages; s++) deadlines.push(deadlines.at(-1)! + r.between(30, 90) * DAY);
    return { opensMs, deadlines, createdMs: nowMs - r.int(60) * DAY - r.int(DAY) - 3_600_000 };
  }
  const closingSoon = x < 0.89;
  const openEnded = x >= 0.97;
  const opensMs = r.chance(0.1) ? null : dayAt(nowMs, -r.between(1, 150)) - 7 * 3_600_000;
  const createdMs = (opensMs ?? nowMs - r.int(3 * 365) * DAY) - r.int(60) * DAY - r.int(DAY) - 3_600_000;
  if (openEnded) return { opensMs, deadlines: [], createdMs };
  // Open or closing soon: the next deadline 1–13 days away (closing soon, at the default of 14
  // days) or 15–200 days; later stages after it, an earlier one passed already.
  const deadlines = [dayAt(nowMs, closingSoon ? r.between(1, 13) : r.between(15, 200))];
  for (let s = 1; s < stages; s++) deadlines.push(deadlines.at(-1)! + r.between(30, 90) * DAY);
  if (stages > 1 && opensMs !== null && r.chance(0.5) && deadlines[0]! - opensMs > 40 * DAY)
    deadlines.unshift(Math.min(dayAt(nowMs, -1), opensMs + 20 * DAY));
  return { opensMs, deadlines, createdMs };
}

/** Writes the programmes and the items; `progress` is told every thousand items. */
export async function makeFunding(
  out: BulkWriter,
  input: FundingInput,
  progress: (n: number) => void,
): Promise<FundingMade> {
  const made: FundingMade = { programmes: 0, opportunities: 0 };
  if (input.count === 0) return made;
  const r = new Random(input.randomSeed, 9);
  const { nowMs } = input;

  // Programmes: the demo's three times as likely as a synthetic one.
  const programmes: KnownProgramme[] = [];
  for (const p of input.programmes) programmes.push(p, p, p);
  const slugs = new Set(input.programmes.map((p) => p.slug));
  for (let n = 0, id = input.firstProgrammeId; n < programmesFor(input.count); n++, id++) {
    const area = PROGRAMME_AREAS[n % PROGRAMME_AREAS.length]!;
    const noun = PROGRAMME_NOUNS[Math.floor(n / PROGRAMME_AREAS.length) % PROGRAMME_NOUNS.length]!;
    const older = r.chance(0.3);
    const [from, to] = older ? [2014, 2020] : [2021, 2027];
    const name = `${area} ${noun} ${from}–${to}`;
    let slug = `synthetic-${slugify(name)}`;
    for (let k = 2; slugs.has(slug); k++) slug = `synthetic-${slugify(name)}-${k}`;
    slugs.add(slug);
    const at = iso(Date.UTC(from - 1, 11, 1, 9));
    const budget = r.chance(0.8) ? amount(r, 20 * M, 5_000 * M, M) : null;
    out.add('funding_programmes', [
      id,
      slug,
      name,
      from,
      to,
      budget,
      budget === null ? 'Shared with the member states' : '',
      r.pick(SERVICES),
      `https://example.eu/programmes/${slug}`,
      `A synthetic programme for benchmarks. ${text.sentence(r)}`,
      at,
      at,
    ]);
    programmes.push({ id, slug, name });
    made.programmes++;
  }

  const kindOf = (): OpportunityKind => {
    let x = r.next();
    for (const [kind, share] of KINDS) if ((x -= share) < 0) return kind;
    return 'call';
  };
  const topicsOf = (): FundingTopic[] => {
    const topics: FundingTopic[] = [];
    for (let k = r.between(1, 4), tries = 0; topics.length < k && tries < 20; tries++) {
      const core = input.coreTopics.length > 0 && (input.pool.length === 0 || r.chance(0.35));
      const topic = core ? r.pick(input.coreTopics) : input.pool[r.skewed(input.pool.length, 2)];
      if (topic && !topics.some((t) => t.id === topic.id)) topics.push(topic);
    }
    return topics;
  };

  for (let i = 0, id = input.firstOpportunityId; i < input.count; i++, id++) {
    const kind = kindOf();
    const policy = POLICY.has(kind);
    const dates = datesOf(r, nowMs);
    const topics = topicsOf();
    const programme = policy ? (r.chance(0.3) ? r.pick(programmes) : null) : r.chance(0.95) ? r.pick(programmes) : null;
    const state: OpportunityState =
      input.people.length === 0
        ? 'published'
        : r.chance(0.985)
          ? 'published'
          : r.chance(0.7)
            ? 'suggested'
            : 'rejected';
    const suggestedBy = state === 'published' ? null : r.pick(input.people);
    const lead = topics[0]?.label ?? 'Urban development';
    const subject = lead.charAt(0).toLowerCase() + lead.slice(1);
    const title = `${r.pick(TITLE_OPENINGS[kind])}: ${subject} ${r.pick(TITLE_ENDINGS)}`;
    const summary = text.sentence(r);
    const list = `- ${text.sentence(r)}\n- ${text.sentence(r)}`;
    const body = `${summary}\n\n${text.sentence(r)} ${text.sentence(r)}\n\n${list}`;
    const stage = policy && r.chance(0.8) ? r.pick(STAGES) : null;

    let budget: number | null = null;
    let grantMin: number | null = null;
    let grantMax: number | null = null;
    let rate: number | null = null;
    if (!policy) {
      budget = r.chance(0.85) ? amount(r, 200_000, 500 * M, 10_000) : null;
      if (kind !== 'tender' && r.chance(0.7)) {
        grantMax = amount(r, 20_000, Math.min(10 * M, budget ?? 10 * M), 5_000);
        grantMin = r.chance(0.6)
          ? Math.max(5_000, Math.round((grantMax * r.between(10, 60)) / 100 / 5_000) * 5_000)
          : null;
        if (grantMin !== null && grantMin > grantMax) grantMin = grantMax;
      }
      if (kind === 'call' && r.chance(0.7)) rate = r.pick([50, 60, 70, 75, 80, 85, 90, 100]);
    }

    // Who may apply: kinds most often, countries often, city sizes now and then.
    const roll = r.next();
    const kinds =
      roll < 0.4
        ? LOCAL
        : roll < 0.55
          ? ['city']
          : roll < 0.7
            ? ['city', 'metropolitan-area']
            : roll < 0.85
              ? r
                  .shuffle([...ORGANISATION_KINDS])
                  .slice(0, r.between(1, 4))
                  .sort()
              : [];
    const countryRoll = r.next();
    const countries =
      countryRoll < 0.6
        ? EU27
        : countryRoll < 0.7
          ? r
              .shuffle([...EU27])
              .slice(0, r.between(2, 6))
              .sort()
          : [];
    const sizes = kinds.includes('city') && r.chance(0.12) ? [...r.pick(SIZES)] : [];

    const createdAt = iso(Math.min(dates.createdMs, nowMs - 3_600_000));
    const opensAt = dates.opensMs === null ? null : iso(dates.opensMs);
    const deadlines = dates.deadlines.map((ms, s, all) => ({
      at: iso(ms),
      label: all.length > 1 ? `Stage ${s + 1}` : '',
    }));
    const closesAt = deadlines.at(-1)?.at ?? null;
    const url = r.chance(0.7) ? `https://example.eu/funding/${id}` : null;
    const contact = r.chance(0.3) ? 'info@example.eu' : '';
    out.add('funding_opportunities', [
      id,
      `synthetic-${id}`,
      programme?.id ?? null,
      kind,
      state,
      suggestedBy,
      'en',
      title,
      summary,
      body,
      stage,
      opensAt,
      closesAt,
      'Europe/Brussels',
      budget,
      grantMin,
      grantMax,
      rate,
      url,
      contact,
      1,
      createdAt,
      createdAt,
    ]);
    for (const [position, d] of deadlines.entries()) out.add('funding_deadlines', [id, position + 1, d.at, d.label]);
    for (const value of kinds) out.add('funding_eligibility', [id, 'kind', value]);
    for (const value of countries) out.add('funding_eligibility', [id, 'country', value]);
    for (const value of sizes) out.add('funding_eligibility', [id, 'size', value]);
    // As setTaggings writes an item's topics (funding.service.ts `tag`).
    const isPublic = state === 'published';
    for (const [position, topic] of topics.entries())
      out.add('taggings', [topic.id, 'opportunity', id, null, createdAt, toFlag(isPublic), position]);
    const opportunity: Opportunity = {
      id,
      externalId: `synthetic-${id}`,
      programme: programme ? { id: programme.id, slug: programme.slug, name: programme.name } : null,
      kind,
      state,
      suggestedBy,
      lang: 'en',
      title,
      summary,
      body,
      stage,
      opensAt,
      closesAt,
      timeZone: 'Europe/Brussels',
      deadlines,
      budgetEur: budget,
      grantMinEur: grantMin,
      grantMaxEur: grantMax,
      cofinancingRate: rate,
      url,
      contact,
      eligibility: { kinds: [...kinds].sort(), countries: [...countries].sort(), sizes: [...sizes].sort() },
      version: 1,
      createdAt,
      updatedAt: createdAt,
    };
    out.add('funding_versions', [
      id,
      1,
      createdAt,
      suggestedBy,
      '',
      JSON.stringify(
        snapshotOf(
          opportunity,
          topics.map((t) => t.slug),
        ),
      ),
    ]);
    made.opportunities++;
    if (made.opportunities % 1000 === 0) {
      progress(1000);
      await out.flush();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  progress(made.opportunities % 1000);
  return made;
}

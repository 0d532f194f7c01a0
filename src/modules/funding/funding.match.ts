import type { Eligibility } from './funding.queries.js';
import type { EligibilityDimension, OpportunityKind, OpportunityStatus } from './funding.tables.js';

/**
 * Matching: which items of the register fit an action, an organisation or a partnership, and
 * which actions and organisations an item fits, ranked, each with its reasons as data. Pure
 * functions of what they are given (the queries and the clock are the caller's); the rules and
 * weights are the README's "Matching".
 */

/** The weights of a fit's score (README, "Matching"). */
export const WEIGHTS = Object.freeze({
  /** Per topic (tag) the item shares with the action or organisation. */
  topic: 10,
  /** Per dimension of who may apply that the item restricts and an eligible organisation meets. */
  aim: 2,
  /** By the item's status: what can be applied for now before what opens later. */
  status: Object.freeze({ closing_soon: 3, open: 2, forthcoming: 1 } as Record<OpportunityStatus, number>),
  /** Its next deadline falls before the action's planned end. */
  inTime: 2,
  /** On a partnership's hub: per further action of the plan it fits. */
  also: 5,
});

/** The statuses that can fit: what is open, closing soon or still to open. */
export const MATCHING_STATUSES: readonly OpportunityStatus[] = ['closing_soon', 'open', 'forthcoming'];

/** Actions in these states need no funding: nothing is matched to them. */
export const FINISHED_ACTION_STATUSES: readonly string[] = ['completed', 'cancelled', 'merged'];

/** An organisation as matching sees it (from the directory). */
export interface MatchOrganisation {
  id: number;
  slug: string;
  name: string;
  kind: string;
  country: string | null;
  sizeBand: string | null;
}

/** An item of the register as matching sees it: its status worked out at the time of the match. */
export interface MatchItem {
  id: number;
  title: string;
  lang: string;
  kind: OpportunityKind;
  programme: { slug: string; name: string } | null;
  status: OpportunityStatus;
  opensAt: string | null;
  /** The next deadline still to come; null: open-ended. */
  deadline: string | null;
  /** Topics: tag slugs. */
  tags: readonly string[];
  eligibility: Eligibility;
}

/** An action as matching sees it. */
export interface MatchAction {
  id: number;
  partnershipId: number;
  number: number;
  title: string;
  lang: string;
  membersOnly: boolean;
  status: string;
  /** Its planned end (`YYYY-MM-DD`). */
  endsOn: string | null;
  tags: readonly string[];
  leads: readonly MatchOrganisation[];
  contributors: readonly MatchOrganisation[];
}

/** An organisation with its topics: the tags of the actions it leads or contributes to that everyone sees. */
export interface MatchProfile extends MatchOrganisation {
  tags: readonly string[];
}

/** Why something fits, as data; each kind is said in words by the message `funding.match.reason.<kind>…`. */
export type Reason =
  | { kind: 'topics'; tags: string[] }
  /** Who may apply: the eligible organisations (empty: anyone may), and the restrictions they meet. */
  | { kind: 'eligible'; organisations: string[]; aimed: EligibilityDimension[] }
  | {
      kind: 'timing';
      status: OpportunityStatus;
      deadline: string | null;
      opensAt: string | null;
      /** Its deadline falls before the action's planned end (true), after it (false); null: not asked. */
      beforeEnd: boolean | null;
      endsOn: string | null;
    }
  /** On a partnership's hub: the numbers of the actions of its plan it fits. */
  | { kind: 'actions'; numbers: number[] };

/** Why something does not fit: it is left out. */
export type Miss = 'closed' | 'noTopic' | 'ineligible' | 'tooLate' | 'finished';

export interface Fit {
  score: number;
  reasons: Reason[];
}

export type Outcome = ({ fits: true } & Fit) | { fits: false; miss: Miss };

const DIMENSIONS: readonly [EligibilityDimension, keyof Eligibility, keyof MatchOrganisation][] = [
  ['kind', 'kinds', 'kind'],
  ['country', 'countries', 'country'],
  ['size', 'sizes', 'sizeBand'],
];

/**
 * Whether an organisation may apply: in every dimension the item restricts (kinds, countries,
 * size bands), the organisation's value is among those allowed; an organisation that does not
 * say its country or size does not meet a restriction on it. `aimed`: the restricted dimensions
 * it meets (an item meant for small Czech cities is aimed at a small Czech city).
 */
export function eligibilityOf(
  e: Eligibility,
  o: MatchOrganisation,
): { eligible: boolean; aimed: EligibilityDimension[] } {
  const aimed: EligibilityDimension[] = [];
  for (const [dimension, allowed, field] of DIMENSIONS) {
    const values = e[allowed];
    if (values.length === 0) continue;
    const value = o[field];
    if (typeof value !== 'string' || !values.includes(value)) return { eligible: false, aimed: [] };
    aimed.push(dimension);
  }
  return { eligible: true, aimed };
}

const restricted = (e: Eligibility) => e.kinds.length + e.countries.length + e.sizes.length > 0;

/** Who of these may apply, and the most restrictions one of them meets; null when the item restricts and none may. */
function applicants(
  item: MatchItem,
  organisations: readonly MatchOrganisation[],
): { reason: Reason & { kind: 'eligible' }; aim: number } | null {
  if (!restricted(item.eligibility)) return { reason: { kind: 'eligible', organisations: [], aimed: [] }, aim: 0 };
  let best: EligibilityDimension[] = [];
  const names: string[] = [];
  for (const o of organisations) {
    const e = eligibilityOf(item.eligibility, o);
    if (!e.eligible) continue;
    names.push(o.slug);
    if (e.aimed.length > best.length) best = e.aimed;
  }
  return names.length ? { reason: { kind: 'eligible', organisations: names, aimed: best }, aim: best.length } : null;
}

const shared = (a: readonly string[], b: readonly string[]) => a.filter((t) => b.includes(t));

/** The end of a planned end date (`YYYY-MM-DD`), as an instant: its last moment, UTC. */
const endOf = (day: string) => Date.parse(`${day}T23:59:59.999Z`);

/**
 * Whether an item fits an action, and how well. It fits when it is open, closing soon or
 * forthcoming; shares at least one topic with the action; may be applied for by one of the
 * action's lead organisations (by its contributors when it has no lead; by anyone when it
 * restricts nothing); and, when the action's planned end is still ahead, opens before it. The
 * score: topics × 10, restrictions an eligible lead meets × 2, status (closing soon 3, open 2,
 * forthcoming 1), and 2 when its next deadline falls before the planned end.
 */
export function matchAction(action: MatchAction, item: MatchItem, now: Date): Outcome {
  if (FINISHED_ACTION_STATUSES.includes(action.status)) return { fits: false, miss: 'finished' };
  if (!MATCHING_STATUSES.includes(item.status)) return { fits: false, miss: 'closed' };
  const topics = shared(item.tags, action.tags);
  if (topics.length === 0) return { fits: false, miss: 'noTopic' };
  const who = applicants(item, action.leads.length ? action.leads : action.contributors);
  if (!who) return { fits: false, miss: 'ineligible' };
  const end = action.endsOn ? endOf(action.endsOn) : null;
  let beforeEnd: boolean | null = null;
  if (end !== null && end > now.getTime()) {
    if (item.opensAt && Date.parse(item.opensAt) > end) return { fits: false, miss: 'tooLate' };
    if (item.deadline) beforeEnd = Date.parse(item.deadline) <= end;
  }
  const score =
    topics.length * WEIGHTS.topic +
    who.aim * WEIGHTS.aim +
    WEIGHTS.status[item.status] +
    (beforeEnd === true ? WEIGHTS.inTime : 0);
  return {
    fits: true,
    score,
    reasons: [
      { kind: 'topics', tags: topics },
      who.reason,
      timing(item, beforeEnd, beforeEnd === null ? null : action.endsOn),
    ],
  };
}

/**
 * Whether an item fits an organisation: open, closing soon or forthcoming; sharing a topic with
 * the actions it leads or contributes to (that everyone sees); and the organisation may apply.
 * The score: topics × 10, restrictions it meets × 2, status.
 */
export function matchOrganisation(profile: MatchProfile, item: MatchItem): Outcome {
  if (!MATCHING_STATUSES.includes(item.status)) return { fits: false, miss: 'closed' };
  const topics = shared(item.tags, profile.tags);
  if (topics.length === 0) return { fits: false, miss: 'noTopic' };
  const who = applicants(item, [profile]);
  if (!who) return { fits: false, miss: 'ineligible' };
  return {
    fits: true,
    score: topics.length * WEIGHTS.topic + who.aim * WEIGHTS.aim + WEIGHTS.status[item.status],
    reasons: [{ kind: 'topics', tags: topics }, who.reason, timing(item, null, null)],
  };
}

function timing(item: MatchItem, beforeEnd: boolean | null, endsOn: string | null): Reason {
  return { kind: 'timing', status: item.status, deadline: item.deadline, opensAt: item.opensAt, beforeEnd, endsOn };
}

/** Highest score first; then the nearest deadline (open-ended last); then the lower id. */
export function byRank<T extends { score: number; deadline: string | null; id: number }>(a: T, b: T): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return a.id - b.id;
}

/** An item that fits, with its score and reasons. */
export type RankedItem = MatchItem & Fit;

/** The items that fit an action, best first, at most `limit`. */
export function rankForAction(
  action: MatchAction,
  items: readonly MatchItem[],
  now: Date,
  limit: number,
): RankedItem[] {
  return rank(items, (item) => matchAction(action, item, now), limit);
}

/** The items that fit an organisation, best first, at most `limit`. */
export function rankForOrganisation(profile: MatchProfile, items: readonly MatchItem[], limit: number): RankedItem[] {
  return rank(items, (item) => matchOrganisation(profile, item), limit);
}

function rank(items: readonly MatchItem[], match: (item: MatchItem) => Outcome, limit: number): RankedItem[] {
  const out: RankedItem[] = [];
  for (const item of items) {
    const m = match(item);
    if (m.fits) out.push({ ...item, score: m.score, reasons: m.reasons });
  }
  return out.sort(byRank).slice(0, limit);
}

/**
 * The items that fit a partnership's actions, best first: an item's score is its best score
 * among the actions it fits, plus 5 for each further action; its reasons are that best fit's,
 * with the topics it shares with any of them and the numbers of every action it fits.
 */
export function rankForPartnership(
  actions: readonly MatchAction[],
  items: readonly MatchItem[],
  now: Date,
  limit: number,
): RankedItem[] {
  const out: RankedItem[] = [];
  for (const item of items) {
    let best: Fit | null = null;
    const numbers: number[] = [];
    const topics = new Set<string>();
    for (const action of actions) {
      const m = matchAction(action, item, now);
      if (!m.fits) continue;
      numbers.push(action.number);
      for (const r of m.reasons) if (r.kind === 'topics') r.tags.forEach((t) => topics.add(t));
      if (!best || m.score > best.score) best = m;
    }
    if (!best) continue;
    const reasons = best.reasons.map((r): Reason =>
      r.kind === 'topics' ? { kind: 'topics', tags: item.tags.filter((t) => topics.has(t)) } : r,
    );
    numbers.sort((a, b) => a - b);
    out.push({
      ...item,
      score: best.score + (numbers.length - 1) * WEIGHTS.also,
      reasons: [...reasons, { kind: 'actions', numbers }],
    });
  }
  return out.sort(byRank).slice(0, limit);
}

/** What an item fits, best first: actions (by `matchAction`) and organisations (by `matchOrganisation`). */
export function fitsOfItem(
  item: MatchItem,
  actions: readonly MatchAction[],
  profiles: readonly MatchProfile[],
  now: Date,
  limit: number,
): { actions: (MatchAction & Fit)[]; organisations: (MatchProfile & Fit)[] } {
  const rankBy = <T extends { id: number }>(list: readonly T[], match: (x: T) => Outcome): (T & Fit)[] =>
    list
      .flatMap((x) => {
        const m = match(x);
        return m.fits ? [{ ...x, score: m.score, reasons: m.reasons }] : [];
      })
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, limit);
  return {
    actions: rankBy(actions, (a) => matchAction(a, item, now)),
    organisations: rankBy(profiles, (p) => matchOrganisation(p, item)),
  };
}

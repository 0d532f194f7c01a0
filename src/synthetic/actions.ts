import { toFlag } from '../core/db/dialect.js';
import { Random } from './random.js';
import * as text from './text.js';
import type { BulkWriter } from './writer.js';

/**
 * The action plans of the synthetic data set: for each synthetic partnership, themes and
 * numbered actions as the actions module writes them (`createAction`, `changeAction`), each
 * with a lead organisation, deliverables, challenges and a history of versions over the past
 * years (progress growing, the status moving on), and the dashboard's counters of progress per
 * month (`action_progress_months`) that those changes add up to. To keep the database small,
 * a version's snapshot holds the action's tracked fields and leaves its lists of children empty.
 */

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const MEMBERS_ONLY_SHARE = 0.08;
const THEMES = [
  'Citizen-centric services',
  'Digital skills for everybody',
  'Data and platforms',
  'Financing the transition',
  'Infrastructure and connectivity',
  'Evidence and monitoring',
];
const DELIVERABLE_TYPES = ['report', 'guide', 'tool', 'pilot', 'event', 'policy'] as const;
const IMPACTS = ['low', 'medium', 'high'] as const;

/** A synthetic partnership the actions go into. */
export interface ActionHome {
  id: number;
}

export interface ActionsInput {
  /** Actions per partnership. */
  perPartnership: number;
  /** Versions per action (at least one: its creation). */
  versions: number;
  randomSeed: number;
  nowMs: number;
  homes: readonly ActionHome[];
  organisations: readonly number[];
  firstThemeId: number;
  firstActionId: number;
}

export interface ActionsMade {
  actions: number;
  versions: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
type Status = 'planned' | 'in_progress' | 'delayed' | 'completed' | 'cancelled';
const counted = (s: Status) => s !== 'cancelled';

/** The status an action ends with, and its progress then. */
function finalState(r: Random): { status: Status; progress: number } {
  const x = r.next();
  if (x < 0.2) return { status: 'completed', progress: 100 };
  if (x < 0.65) return { status: 'in_progress', progress: r.between(10, 90) };
  if (x < 0.8) return { status: 'delayed', progress: r.between(5, 70) };
  if (x < 0.9) return { status: 'planned', progress: 0 };
  return { status: 'cancelled', progress: r.between(0, 40) };
}

/** Writes the plans; `progress` is told of each action written. */
export async function makeActions(
  out: BulkWriter,
  input: ActionsInput,
  progress: (n: number) => void,
): Promise<ActionsMade> {
  const made: ActionsMade = { actions: 0, versions: 0 };
  if (input.perPartnership === 0 || input.homes.length === 0) return made;
  const r = new Random(input.randomSeed, 8);
  const versions = Math.max(1, input.versions);
  let themeId = input.firstThemeId;
  let actionId = input.firstActionId;
  for (const home of input.homes) {
    const themes: number[] = [];
    const themeCount = r.between(3, THEMES.length);
    for (let position = 1; position <= themeCount; position++) {
      themes.push(themeId);
      out.add('action_themes', [themeId++, home.id, position, THEMES[position - 1]!]);
    }
    // The counters of this partnership: `membersOnly|month` → [progress sum, actions].
    const counters = new Map<string, [number, number]>();
    const count = (membersOnly: boolean, month: string, sum: number, n: number) => {
      const key = `${membersOnly ? 1 : 0}|${month}`;
      const c = counters.get(key) ?? [0, 0];
      c[0] += sum;
      c[1] += n;
      counters.set(key, c);
    };
    for (let number = 1; number <= input.perPartnership; number++) {
      const id = actionId++;
      const createdMs = input.nowMs - (1.5 + r.next() * 2.5) * YEAR;
      const lastMs = Math.max(createdMs + DAY, input.nowMs - r.int(300) * DAY - r.int(DAY));
      const startsOn = day(createdMs + r.int(60) * DAY);
      const endsOn = day(createdMs + (2 + r.next() * 2) * YEAR);
      const membersOnly = r.chance(MEMBERS_ONLY_SHARE);
      const final = finalState(r);
      const title = text.postTitle(r);
      const theme = r.pick(themes);
      out.add('actions', [
        id,
        home.id,
        number,
        theme,
        'en',
        title,
        `${text.postSummary(r)}\n\n${text.postSummary(r)}`,
        final.status,
        null,
        final.progress,
        'manual',
        startsOn,
        endsOn,
        toFlag(membersOnly),
        iso(createdMs),
        iso(lastMs),
      ]);
      if (input.organisations.length > 0) {
        const lead = r.pick(input.organisations);
        out.add('action_organisations', [id, lead, 'lead', 1]);
        const other = r.pick(input.organisations);
        if (other !== lead && r.chance(0.6)) out.add('action_organisations', [id, other, 'contributor', 2]);
      }
      const startMs = Date.parse(`${startsOn}T00:00:00Z`);
      const endMs = Date.parse(`${endsOn}T00:00:00Z`);
      const deliverables = r.between(2, 4);
      for (let position = 1; position <= deliverables; position++) {
        const dueMs = startMs + ((endMs - startMs) * position) / (deliverables + 1);
        const status: Status =
          final.status === 'completed' || (dueMs < lastMs && r.chance(0.6))
            ? 'completed'
            : final.status === 'cancelled'
              ? 'cancelled'
              : r.pick(['planned', 'in_progress', 'delayed'] as const);
        out.add('action_deliverables', [
          id,
          position,
          text.postTitle(r),
          r.pick(DELIVERABLE_TYPES),
          day(dueMs),
          status,
          1,
          null,
          null,
        ]);
      }
      for (let position = 1, n = r.int(3); position <= n; position++) {
        const raisedMs = createdMs + r.next() * (lastMs - createdMs);
        const resolved = r.chance(0.5);
        out.add('action_challenges', [
          id,
          position,
          text.postSummary(r),
          r.pick(IMPACTS),
          text.postSummary(r),
          resolved ? 'resolved' : 'open',
          day(raisedMs),
          resolved ? day(Math.min(lastMs, raisedMs + r.int(120) * DAY)) : null,
        ]);
      }
      // The history: created planned at 0 %, then progress growing towards where it ends.
      let previous: { sum: number; n: number } | null = null;
      for (let v = 1; v <= versions; v++) {
        const atMs = versions === 1 ? createdMs : createdMs + ((lastMs - createdMs) * (v - 1)) / (versions - 1);
        const last = v === versions;
        const share = (v - 1) / Math.max(1, versions - 1);
        const status: Status = last
          ? final.status
          : v === 1 || final.status === 'planned'
            ? 'planned'
            : final.status === 'delayed' && share > 0.6
              ? 'delayed'
              : 'in_progress';
        const progress = last ? final.progress : status === 'planned' ? 0 : Math.round(final.progress * share);
        const at = iso(Math.floor(atMs));
        out.add('action_versions', [
          id,
          v,
          at,
          null,
          v === 1 ? '' : r.chance(0.1) ? text.postSummary(r) : '',
          snapshot(number, title, theme, status, progress, startsOn, endsOn, membersOnly),
        ]);
        const now = counted(status) ? { sum: progress, n: 1 } : { sum: 0, n: 0 };
        const month = at.slice(0, 7);
        count(membersOnly, month, now.sum - (previous?.sum ?? 0), now.n - (previous?.n ?? 0));
        previous = now;
        made.versions++;
      }
      made.actions++;
      progress(1);
      if (made.actions % 200 === 0) {
        await out.flush();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    for (const [key, [sum, n]] of counters) {
      if (sum === 0 && n === 0) continue;
      const [membersOnly, month] = key.split('|') as [string, string];
      out.add('action_progress_months', [home.id, toFlag(membersOnly === '1'), month, sum, n]);
    }
  }
  return made;
}

/** A version's snapshot as `snapshotOf` writes it, its lists of children left empty. */
function snapshot(
  number: number,
  title: string,
  themeId: number,
  status: Status,
  progress: number,
  startsOn: string,
  endsOn: string,
  membersOnly: boolean,
): string {
  return JSON.stringify({
    number,
    title,
    themeId,
    status,
    mergedInto: null,
    progress,
    progressMode: 'manual',
    startsOn,
    endsOn,
    membersOnly,
    organisations: [],
    activities: [],
    deliverables: [],
    challenges: [],
  });
}

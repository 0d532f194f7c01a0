import { toFlag } from '../core/db/dialect.js';
import { Random } from './random.js';
import * as text from './text.js';
import type { BulkWriter } from './writer.js';

/**
 * The meetings of the synthetic data set: series of numbered meetings per partnership, over the
 * past eight years and the next one, with their registrations, as the meetings module writes
 * them (`createMeeting`, `register`): one row per person and meeting, seats taken in order and
 * the rest waiting, attendance marked after some past meetings, tags, and a line in the
 * partnership's stream when a meeting has taken place.
 */

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const MEMBERS_ONLY_SHARE = 0.08;
const CANCELLED_SHARE = 0.02;
const ONLINE_ONLY_SHARE = 0.15;
const CANCELLED_REGISTRATION_SHARE = 0.04;

/** Places a meeting can be held: city, ISO country, IANA zone. */
const PLACES: readonly (readonly [string, string, string])[] = [
  ['Brussels', 'BE', 'Europe/Brussels'],
  ['Luxembourg', 'LU', 'Europe/Luxembourg'],
  ['Prague', 'CZ', 'Europe/Prague'],
  ['Brno', 'CZ', 'Europe/Prague'],
  ['Tallinn', 'EE', 'Europe/Tallinn'],
  ['Lisbon', 'PT', 'Europe/Lisbon'],
  ['Oulu', 'FI', 'Europe/Helsinki'],
  ['Vienna', 'AT', 'Europe/Vienna'],
  ['Eindhoven', 'NL', 'Europe/Amsterdam'],
  ['Sofia', 'BG', 'Europe/Sofia'],
  ['Thessaloniki', 'GR', 'Europe/Athens'],
  ['Dublin', 'IE', 'Europe/Dublin'],
  ['Valencia', 'ES', 'Europe/Madrid'],
  ['Gdańsk', 'PL', 'Europe/Warsaw'],
  ['Riga', 'LV', 'Europe/Riga'],
  ['Ljubljana', 'SI', 'Europe/Ljubljana'],
  ['Bratislava', 'SK', 'Europe/Bratislava'],
  ['Valletta', 'MT', 'Europe/Malta'],
  ['Nicosia', 'CY', 'Asia/Nicosia'],
  ['Aarhus', 'DK', 'Europe/Copenhagen'],
  ['Bologna', 'IT', 'Europe/Rome'],
  ['Lyon', 'FR', 'Europe/Paris'],
];
const VENUES = ['City Hall', 'Conference Centre', 'Innovation Hub', 'Public Library', 'University Campus'];
const KINDS = ['Partnership meeting', 'Working group meeting', 'Steering group', 'Thematic workshop'];

/** A partnership as the meetings need it: its members (ids), and who plans (coordinators first). */
export interface MeetingHome {
  id: number;
  members: number[];
  moderators: number[];
  /** Weight among partnerships: how many meetings it holds compared with the others. */
  weight: number;
}

export interface MeetingsInput {
  count: number;
  registrations: number;
  randomSeed: number;
  nowMs: number;
  homes: readonly MeetingHome[];
  /** Every account, for the registrations of public meetings. */
  people: readonly number[];
  organisations: readonly number[];
  /** Tags to pick from, most used first. */
  tags: readonly number[];
  /** The highest meeting number of each partnership already there (series go on from it). */
  lastNumber: ReadonlyMap<number, number>;
  firstMeetingId: number;
  firstRegistrationId: number;
}

/** A line of the partnership's stream to write (with the posts', in order of time). */
export interface ActivityLine {
  partnershipId: number;
  at: string;
  actorId: number | null;
  kind: string;
  subjectType: 'post' | 'meeting';
  subjectId: number;
  membersOnly: boolean;
}

export interface MeetingsMade {
  meetings: number;
  registrations: number;
  activity: ActivityLine[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `total` split over `n` with log-normal weights (σ 1.2), exactly, by largest remainder. */
function spread(r: Random, n: number, total: number): Int32Array {
  const weights = Float64Array.from({ length: n }, () => Math.exp(1.2 * r.normal()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) given += counts[i] = Math.floor((total * weights[i]!) / sum);
  for (let k = 0; given < total; k = (k + 1) % n, given++) counts[k]!++;
  return counts;
}

/** Writes the meetings and their registrations; `progress` is told of each thousand rows. */
export async function makeMeetings(
  out: BulkWriter,
  input: MeetingsInput,
  progress: (n: number) => void,
): Promise<MeetingsMade> {
  const made: MeetingsMade = { meetings: 0, registrations: 0, activity: [] };
  const homes = input.homes.filter((h) => h.members.length > 0);
  if (input.count === 0 || homes.length === 0) return made;
  const r = new Random(input.randomSeed, 7);
  // How many meetings each partnership holds, by weight.
  const weightSum = homes.reduce((s, h) => s + h.weight, 0);
  const perHome = homes.map((h) => Math.floor((input.count * h.weight) / weightSum));
  for (let k = 0, given = perHome.reduce((a, b) => a + b, 0); given < input.count; k++, given++)
    perHome[k % homes.length]!++;
  // Registrations per meeting, in the order meetings are written (carried over where a meeting has too few people).
  const wanted = spread(r, input.count, input.registrations);
  let carry = 0;
  let meetingId = input.firstMeetingId;
  let registrationId = input.firstRegistrationId;
  let index = 0;
  const start = input.nowMs - 8 * YEAR;
  const span = 9 * YEAR;
  for (const [h, home] of homes.entries()) {
    const n = perHome[h]!;
    const times = Float64Array.from({ length: n }, () => start + r.next() * span).sort();
    let number = input.lastNumber.get(home.id) ?? 0;
    const planners = home.moderators.length > 0 ? home.moderators : home.members;
    for (let i = 0; i < n; i++) {
      // A whole hour (UTC) between 07:00 and 12:00, lasting from three hours to two days.
      const startsMs = Math.floor(times[i]! / DAY) * DAY + r.between(7, 12) * 3_600_000;
      const endsMs = startsMs + (r.chance(0.4) ? r.between(24, 32) : r.between(3, 8)) * 3_600_000;
      const createdMs = Math.min(input.nowMs - 60_000, startsMs - r.between(14, 120) * DAY);
      const upcoming = startsMs > input.nowMs;
      const membersOnly = r.chance(MEMBERS_ONLY_SHARE);
      const cancelled = r.chance(CANCELLED_SHARE);
      const online = r.chance(ONLINE_ONLY_SHARE);
      const [city, country, zone] = online ? (['', '', 'Europe/Brussels'] as const) : r.pick(PLACES);
      const capacity = upcoming && r.chance(0.6) ? r.between(10, 80) : null;
      const id = meetingId++;
      number++;
      const kind = r.pick(KINDS);
      const planner = r.pick(planners);
      out.add('meetings', [
        id,
        home.id,
        number,
        'en',
        online ? `${kind} (online)` : `${kind} in ${city}`,
        `${text.postSummary(r)}\n\n${text.postSummary(r)}`,
        iso(startsMs),
        iso(endsMs),
        zone,
        online ? '' : r.pick(VENUES),
        online ? '' : `${r.between(1, 120)} Main Street`,
        city,
        country,
        online || r.chance(0.3) ? `https://meet.example.eu/m/${id}` : null,
        input.organisations.length > 0 && r.chance(0.7) ? r.pick(input.organisations) : null,
        toFlag(membersOnly),
        cancelled ? 'cancelled' : 'scheduled',
        cancelled ? 1 : 0,
        toFlag(upcoming && !cancelled && r.chance(0.8)),
        capacity,
        capacity !== null && r.chance(0.7) ? iso(startsMs - 7 * DAY) : null,
        !upcoming && !cancelled && r.chance(0.5) ? text.postBody(r, 2) : '',
        !upcoming && !cancelled && r.chance(0.4) ? text.postSummary(r) : '',
        null,
        planner,
        iso(createdMs),
        iso(createdMs),
      ]);
      const tags = new Set<number>();
      if (input.tags.length > 0)
        for (let k = r.between(0, 3); k > 0; k--) tags.add(input.tags[r.skewed(input.tags.length, 2)]!);
      for (const [position, tag] of [...tags].entries())
        out.add('taggings', [tag, 'meeting', id, home.id, iso(createdMs), toFlag(!membersOnly), position]);
      if (!upcoming && !cancelled && endsMs < input.nowMs)
        made.activity.push({
          partnershipId: home.id,
          at: iso(endsMs),
          actorId: null,
          kind: 'meetings.held',
          subjectType: 'meeting',
          subjectId: id,
          membersOnly,
        });

      // Its registrations: distinct people who may see it, seats in order, then the waiting list.
      const pool = membersOnly ? home.members : input.people;
      const k = Math.min(pool.length, wanted[index++]! + carry);
      carry += wanted[index - 1]! - k;
      const chosen = new Set<number>();
      while (chosen.size < k) chosen.add(pool[r.int(pool.length)]!);
      const marked = !upcoming && !cancelled && r.chance(0.7);
      // Between the day after it was planned and its start, never after now.
      const opened = Math.min(createdMs + DAY, startsMs, input.nowMs - 60_000);
      const closes = Math.max(opened, Math.min(startsMs, input.nowMs) - 60_000);
      const at = Float64Array.from({ length: k }, () => opened + r.next() * (closes - opened)).sort();
      let seated = 0;
      let j = 0;
      for (const person of chosen) {
        const when = iso(Math.floor(at[j++]!));
        let status: 'registered' | 'waiting' | 'cancelled' = 'registered';
        if (r.chance(CANCELLED_REGISTRATION_SHARE)) status = 'cancelled';
        else if (capacity !== null && seated >= capacity) status = 'waiting';
        else seated++;
        const attended = marked && status === 'registered' ? toFlag(r.chance(0.85)) : null;
        out.add('meeting_registrations', [registrationId++, id, person, status, attended, when, when]);
        made.registrations++;
      }
      made.meetings++;
      if (made.meetings % 1000 === 0) {
        progress(1000);
        await out.flush();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
  progress(made.meetings % 1000);
  return made;
}

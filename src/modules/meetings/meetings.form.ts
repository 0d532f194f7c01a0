import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { cleanLine } from '../../core/http/validation.js';
import { isEuLanguage } from '../../core/i18n/locales.js';
import { instantFromForm, wallTimeOf } from '../../core/i18n/time-zone.js';
import type { Translator } from '../../core/i18n/translator.js';
import { findUserByHandle } from '../accounts/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import type { Meeting } from './meetings.queries.js';
import {
  AgendaItemForm,
  LIMITS,
  MeetingForm,
  type AgendaItemFormValue,
  type MeetingFormValue,
} from './meetings.schema.js';
import type { AgendaItemInput, MeetingInput } from './meetings.service.js';

type Db = Kysely<Database>;
type T = Translator['t'];
type Checked<V> = { ok: true; value: V } | { ok: false; errors: FieldErrors };

/** Longest text of each field shown again with its messages. */
export const ECHO = {
  title: 400,
  description: 60_000,
  starts_at: 40,
  ends_at: 40,
  time_zone: 80,
  venue: 600,
  address: 600,
  city: 600,
  country: 10,
  online_url: 1_000,
  host: 200,
  organisations: 6_000,
  people: 6_000,
  tags: 2_500,
  lang: 3,
  members_only: 5,
  registration_open: 5,
  capacity: 10,
  registration_deadline: 40,
} as const;
export type MeetingFormValues = Record<keyof typeof ECHO, string>;

/** A time zone `Intl` knows by an IANA name (`Europe/Luxembourg`, `UTC`); anything else is unknown. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Names from a field: one a line or separated by commas, without blanks or repeats. */
export const listOf = (raw: string | undefined): string[] => [
  ...new Set(
    (raw ?? '')
      .split(/[\n,]/)
      .map((s) => cleanLine(s).trim())
      .filter(Boolean),
  ),
];

const checked = (raw: string | undefined) => raw === 'on' || raw === 'true' || raw === 'yes' || raw === '1';

/** An instant from a form field in `zone`, or null when it does not parse. */
function instantIn(raw: string, zone: string): string | null {
  const at = instantFromForm(raw.trim(), zone);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * The meeting form, checked: the schema, then a known time zone, times that parse in it with the end
 * after the start, a place (a city or an online address), a known host, participants and language.
 * `registration`: the form also sets registration (a new meeting); an edit leaves it to its own form.
 */
export async function checkMeeting(
  db: Db,
  body: unknown,
  t: T,
  fallbackLang: string,
  registration: boolean,
): Promise<Checked<MeetingInput>> {
  const form = validateForm<MeetingFormValue>(MeetingForm, body, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (!form.ok) return { ok: false, errors };
  const v = form.value;
  const zone = v.time_zone.trim();
  const zoneKnown = isTimeZone(zone);
  if (!zoneKnown) errors.time_zone = t('meetings.form.badZone');
  const startsAt = zoneKnown ? instantIn(v.starts_at, zone) : null;
  const endsAt = zoneKnown ? instantIn(v.ends_at, zone) : null;
  if (zoneKnown && !startsAt) errors.starts_at = t('meetings.form.badTime');
  if (zoneKnown && !endsAt) errors.ends_at = t('meetings.form.badTime');
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.ends_at = t('meetings.form.endBeforeStart');
  }
  const onlineUrl = (v.online_url ?? '').trim();
  if (onlineUrl && !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(onlineUrl)) errors.online_url = t('meetings.form.badUrl');
  const city = (v.city ?? '').trim();
  if (!city && !onlineUrl) errors.city = t('meetings.form.noPlace');
  const country = (v.country ?? '').trim().toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) errors.country = t('meetings.form.badCountry');
  const lang = v.lang ?? fallbackLang;
  if (!isEuLanguage(lang)) errors.lang = t('core.field.choose');

  let hostOrganisationId: number | null = null;
  const host = (v.host ?? '').trim();
  if (host) {
    hostOrganisationId = await organisationIdBySlug(db, host);
    if (hostOrganisationId === null) errors.host = t('meetings.form.unknownOrganisations', { names: host });
  }
  const organisationIds: number[] = [];
  const unknownOrgs: string[] = [];
  const orgSlugs = listOf(v.organisations);
  if (orgSlugs.length > LIMITS.organisations)
    errors.organisations = t('meetings.form.tooMany', { limit: LIMITS.organisations });
  for (const slug of orgSlugs.slice(0, LIMITS.organisations)) {
    const id = await organisationIdBySlug(db, slug);
    if (id === null) unknownOrgs.push(slug);
    else organisationIds.push(id);
  }
  if (unknownOrgs.length > 0)
    errors.organisations = t('meetings.form.unknownOrganisations', { names: unknownOrgs.join(', ') });
  const userIds: number[] = [];
  const unknownPeople: string[] = [];
  const handles = listOf(v.people).map((h) => h.replace(/^@/, ''));
  if (handles.length > LIMITS.people) errors.people = t('meetings.form.tooMany', { limit: LIMITS.people });
  for (const handle of handles.slice(0, LIMITS.people)) {
    const user = await findUserByHandle(db, handle);
    if (!user || user.deleted) unknownPeople.push(handle);
    else userIds.push(user.id);
  }
  if (unknownPeople.length > 0) errors.people = t('meetings.form.unknownPeople', { names: unknownPeople.join(', ') });
  const tags = listOf(v.tags);
  if (tags.some((tag) => tag.length > 200)) errors.tags = t('meetings.form.tagTooLong', { limit: 200 });

  let capacity: number | null = null;
  let registrationDeadline: string | null = null;
  if (registration) {
    const rawCapacity = (v.capacity ?? '').trim();
    if (rawCapacity) {
      capacity = /^\d{1,6}$/.test(rawCapacity) ? Number(rawCapacity) : NaN;
      if (!Number.isInteger(capacity) || capacity < 1) errors.capacity = t('meetings.form.badCapacity');
    }
    const rawDeadline = (v.registration_deadline ?? '').trim();
    if (rawDeadline && zoneKnown) {
      registrationDeadline = instantIn(rawDeadline, zone);
      if (!registrationDeadline) errors.registration_deadline = t('meetings.form.badTime');
      else if (endsAt && Date.parse(registrationDeadline) > Date.parse(endsAt)) {
        errors.registration_deadline = t('meetings.form.deadlineAfterEnd');
      }
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title: v.title,
      description: v.description ?? '',
      startsAt: startsAt!,
      endsAt: endsAt!,
      timeZone: zone,
      venue: (v.venue ?? '').trim(),
      address: (v.address ?? '').trim(),
      city,
      country,
      onlineUrl: onlineUrl || null,
      hostOrganisationId,
      membersOnly: checked(v.members_only),
      registrationOpen: registration && checked(v.registration_open),
      capacity: Number.isNaN(capacity) ? null : capacity,
      registrationDeadline,
      lang,
      organisationIds,
      userIds,
      tags,
    },
  };
}

/** The form of a new meeting: in the platform's time zone, a week from now, 10:00 to 16:00. */
export function emptyMeetingForm(lang: string, timeZone: string): MeetingFormValues {
  const day = wallTimeOf(new Date(Date.now() + 7 * 86_400_000).toISOString(), timeZone).slice(0, 10);
  return {
    title: '',
    description: '',
    starts_at: `${day}T10:00`,
    ends_at: `${day}T16:00`,
    time_zone: timeZone,
    venue: '',
    address: '',
    city: '',
    country: '',
    online_url: '',
    host: '',
    organisations: '',
    people: '',
    tags: '',
    lang,
    members_only: '',
    registration_open: '',
    capacity: '',
    registration_deadline: '',
  };
}

/** A meeting as its edit form shows it (times as wall-clock times in its zone). */
export function meetingFormOf(
  m: Meeting,
  names: { host: string; organisations: string[]; people: string[]; tags: string[] },
): MeetingFormValues {
  return {
    title: m.title,
    description: m.description,
    starts_at: wallTimeOf(m.startsAt, m.timeZone),
    ends_at: wallTimeOf(m.endsAt, m.timeZone),
    time_zone: m.timeZone,
    venue: m.venue,
    address: m.address,
    city: m.city,
    country: m.country,
    online_url: m.onlineUrl ?? '',
    host: names.host,
    organisations: names.organisations.join('\n'),
    people: names.people.join('\n'),
    tags: names.tags.join(', '),
    lang: m.originalLang,
    members_only: m.membersOnly ? 'on' : '',
    registration_open: m.registrationOpen ? 'on' : '',
    capacity: m.capacity === null ? '' : String(m.capacity),
    registration_deadline: m.registrationDeadline ? wallTimeOf(m.registrationDeadline, m.timeZone) : '',
  };
}

export const AGENDA_ECHO = { title: 600, description: 4_000, starts_at: 40, ends_at: 40, speakers: 2_500, parent: 20 };
export type AgendaFormValues = Record<keyof typeof AGENDA_ECHO, string>;

/**
 * An agenda item's form, checked: times in the meeting's zone (the end after the start), speakers
 * (`@handle` or an organisation's slug) that exist, and a parent that is a top-level item of the meeting.
 */
export async function checkAgendaItem(
  db: Db,
  body: unknown,
  t: T,
  meeting: Meeting,
  parentIds: readonly number[],
): Promise<Checked<AgendaItemInput>> {
  const form = validateForm<AgendaItemFormValue>(AgendaItemForm, body, t);
  if (!form.ok) return { ok: false, errors: { ...form.errors } };
  const v = form.value;
  const errors: FieldErrors = {};
  const time = (field: 'starts_at' | 'ends_at'): string | null => {
    const raw = (v[field] ?? '').trim();
    if (!raw) return null;
    // A time alone ("09:30") is on the meeting's first day.
    const full = /^\d{1,2}:\d{2}$/.test(raw)
      ? `${wallTimeOf(meeting.startsAt, meeting.timeZone).slice(0, 10)}T${raw.padStart(5, '0')}`
      : raw;
    const at = instantIn(full, meeting.timeZone);
    if (!at) errors[field] = t('meetings.form.badTime');
    return at;
  };
  const startsAt = time('starts_at');
  const endsAt = time('ends_at');
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
    errors.ends_at = t('meetings.form.endBeforeStart');
  }
  if (endsAt && !startsAt && !errors.starts_at) errors.starts_at = t('meetings.form.startFirst');
  const speakers: AgendaItemInput['speakers'] = [];
  const unknown: string[] = [];
  const names = listOf(v.speakers);
  if (names.length > LIMITS.speakers) errors.speakers = t('meetings.form.tooMany', { limit: LIMITS.speakers });
  for (const name of names.slice(0, LIMITS.speakers)) {
    if (name.startsWith('@')) {
      const user = await findUserByHandle(db, name.slice(1));
      if (!user || user.deleted) unknown.push(name);
      else speakers.push({ userId: user.id });
    } else {
      const id = await organisationIdBySlug(db, name);
      if (id === null) unknown.push(name);
      else speakers.push({ organisationId: id });
    }
  }
  if (unknown.length > 0) errors.speakers = t('meetings.form.unknownSpeakers', { names: unknown.join(', ') });
  let parentId: number | null = null;
  const rawParent = (v.parent ?? '').trim();
  if (rawParent) {
    parentId = /^\d{1,10}$/.test(rawParent) ? Number(rawParent) : NaN;
    if (!parentIds.includes(parentId)) errors.parent = t('core.field.choose');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { title: v.title, description: v.description ?? '', startsAt, endsAt, parentId, speakers },
  };
}

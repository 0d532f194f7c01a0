import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { VISITORS } from '../../core/module.js';
import { postContentType, renderMarkdown } from '../news/index.js';
import { findOrganisationsByIds, organisationDisplayName, type Organisation } from '../organisations/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import { isoOf, type Meeting } from './meetings.queries.js';
import {
  ATTACHMENT_KINDS,
  type AgendaItem,
  type AttachmentKind,
  type MeetingAttachment,
  type MeetingDetail,
  type MeetingSummary,
  type Speaker,
} from './meetings.schema.js';

type Db = Kysely<Database>;

/** A meeting's page, after `/{lang}`. */
export const meetingPath = (partnership: string, number: number) => `/partnerships/${partnership}/meetings/${number}`;

/** A meeting's file as its JSON shows it, with the API address it is downloaded at. */
export const presentAttachment = (
  f: { id: number; name: string; kind: string; media_type: string; size: number | string; description: string },
  partnership: string,
  number: number,
): MeetingAttachment => ({
  id: f.id,
  name: f.name,
  kind: (ATTACHMENT_KINDS as readonly string[]).includes(f.kind) ? (f.kind as AttachmentKind) : 'other',
  type: f.media_type,
  size: Number(f.size),
  description: f.description,
  url: `/api/v1${meetingPath(partnership, number)}/attachments/${f.id}`,
});

const orgRef = (org: Organisation, lang: string) => ({ slug: org.slug, name: organisationDisplayName(org, lang) });

/** Meetings as lists and the API show them, in a language (member states are named in it). */
export async function presentMeetings(ctx: ModuleContext, meetings: readonly Meeting[], lang: string) {
  const [slugs, hosts] = await Promise.all([
    partnershipSlugsByIds(ctx.db, [...new Set(meetings.map((m) => m.partnershipId))]),
    findOrganisationsByIds(
      ctx.db,
      meetings.flatMap((m) => (m.hostOrganisationId ? [m.hostOrganisationId] : [])),
    ),
  ]);
  return meetings.map((m): MeetingSummary & { id: number } => {
    const host = m.hostOrganisationId ? hosts.get(m.hostOrganisationId) : undefined;
    return {
      id: m.id,
      number: m.number,
      partnership: slugs.get(m.partnershipId) ?? '',
      title: m.title,
      lang: m.originalLang,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      timeZone: m.timeZone,
      place: { venue: m.venue, address: m.address, city: m.city, country: m.country, onlineUrl: m.onlineUrl },
      host: host ? orgRef(host, lang) : null,
      membersOnly: m.membersOnly,
      status: m.status,
      sequence: m.sequence,
    };
  });
}

/** The agenda of a meeting: items in order, each with its speakers and sub-items. */
export async function agendaOf(db: Db, meetingId: number, lang: string): Promise<AgendaItem[]> {
  const items = await db
    .selectFrom('meeting_agenda_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  if (items.length === 0) return [];
  const speakers = await db
    .selectFrom('meeting_agenda_speakers')
    .selectAll()
    .where(
      'item_id',
      'in',
      items.map((i) => i.id),
    )
    .orderBy('position')
    .orderBy('id')
    .execute();
  const [people, orgs] = await Promise.all([
    findUsersByIds(
      db,
      speakers.flatMap((s) => (s.user_id ? [s.user_id] : [])),
    ),
    findOrganisationsByIds(
      db,
      speakers.flatMap((s) => (s.organisation_id ? [s.organisation_id] : [])),
    ),
  ]);
  const speakersOf = new Map<number, Speaker[]>();
  for (const s of speakers) {
    const list = speakersOf.get(s.item_id) ?? [];
    const person = s.user_id ? people.get(s.user_id) : undefined;
    const org = s.organisation_id ? orgs.get(s.organisation_id) : undefined;
    if (person && !person.deleted)
      list.push({ kind: 'person', handle: person.handle, displayName: person.displayName });
    else if (org) list.push({ kind: 'organisation', ...orgRef(org, lang) });
    speakersOf.set(s.item_id, list);
  }
  const one = (i: (typeof items)[number]) => ({
    id: i.id,
    title: i.title,
    description: i.description,
    startsAt: i.starts_at ? isoOf(i.starts_at) : null,
    endsAt: i.ends_at ? isoOf(i.ends_at) : null,
    speakers: speakersOf.get(i.id) ?? [],
  });
  return items
    .filter((i) => i.parent_id === null)
    .map((i) => ({ ...one(i), items: items.filter((s) => s.parent_id === i.id).map(one) }));
}

/** Everything a meeting's page shows that every reader of a language shares. */
export async function presentMeeting(
  ctx: ModuleContext,
  meeting: Meeting,
  lang: string,
): Promise<MeetingDetail & { id: number }> {
  const { db } = ctx;
  const [[summary], agenda, orgRows, peopleRows, tags, files] = await Promise.all([
    presentMeetings(ctx, [meeting], lang),
    agendaOf(db, meeting.id, lang),
    db
      .selectFrom('meeting_organisations')
      .select('organisation_id')
      .where('meeting_id', '=', meeting.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('meeting_people')
      .select('user_id')
      .where('meeting_id', '=', meeting.id)
      .orderBy('position')
      .execute(),
    tagsOf(db, 'meeting', [meeting.id], lang),
    db
      .selectFrom('meeting_attachments')
      .select(['id', 'name', 'kind', 'media_type', 'size', 'description'])
      .where('meeting_id', '=', meeting.id)
      .orderBy('id')
      .execute(),
  ]);
  const postIds = (
    await db.selectFrom('meeting_posts').select('post_id').where('meeting_id', '=', meeting.id).execute()
  ).map((r) => r.post_id);
  // Posts as anyone may see them (the page is shared by every reader): public ones that are out.
  const posts = await postContentType.describe(ctx, postIds, VISITORS, lang, new Date());
  const [orgs, people] = await Promise.all([
    findOrganisationsByIds(
      db,
      orgRows.map((r) => r.organisation_id),
    ),
    findUsersByIds(
      db,
      peopleRows.map((r) => r.user_id),
    ),
  ]);
  return {
    ...summary!,
    description: meeting.description,
    html: renderMarkdown(meeting.description),
    organisations: orgRows.flatMap((r) => {
      const org = orgs.get(r.organisation_id);
      return org ? [orgRef(org, lang)] : [];
    }),
    people: peopleRows.flatMap((r) => {
      const person = people.get(r.user_id);
      return person && !person.deleted ? [{ handle: person.handle, displayName: person.displayName }] : [];
    }),
    tags: tags.get(meeting.id) ?? [],
    agenda,
    attachments: files.map((f) => presentAttachment(f, summary!.partnership, meeting.number)),
    news: postIds.flatMap((id) => {
      const post = posts.get(id);
      return post ? [{ title: post.title, path: post.path, lang: post.lang }] : [];
    }),
    registration: {
      open: meeting.registrationOpen,
      capacity: meeting.capacity,
      deadline: meeting.registrationDeadline,
    },
  };
}

import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';
import './meetings.tables.js';

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

export const LIMITS = {
  title: 200,
  description: 50_000,
  place: 300,
  url: 500,
  tags: 2_000,
  agendaTitle: 300,
  agendaDescription: 2_000,
  organisations: 60,
  people: 100,
  agendaItems: 60,
  speakers: 10,
} as const;

const Instant = Type.String({ format: 'date-time' });
const TagRef = Type.Object({ slug: Type.String(), label: Type.String(), lang: Type.String() });
const OrganisationRef = Type.Object({
  slug: Type.String(),
  name: Type.String({ description: 'In the reader’s language for member states.' }),
});
const PersonRef = Type.Object({
  handle: Type.Union([Type.String(), Type.Null()], { description: 'Null once the account is deleted.' }),
  displayName: Type.String(),
});

export const Place = Type.Object(
  {
    venue: Type.String(),
    address: Type.String(),
    city: Type.String(),
    country: Type.String({ description: 'ISO 3166-1 alpha-2 code, or empty.' }),
    onlineUrl: Type.Union([Type.String(), Type.Null()], { description: 'Where to join online, or null.' }),
  },
  { description: 'Where it takes place: in person (venue, address, city, country), online, or both.' },
);

export const MeetingSummary = Type.Object({
  number: Type.Integer({ description: 'Its number in the partnership’s series (the 11th meeting: 11).' }),
  partnership: Type.String({ description: 'Slug of the partnership.' }),
  title: Type.String(),
  lang: Type.String({ description: 'Language of title and description.' }),
  startsAt: Instant,
  endsAt: Instant,
  timeZone: Type.String({ description: 'The IANA time zone it is held in (`Europe/Luxembourg`).' }),
  place: Place,
  host: Type.Union([OrganisationRef, Type.Null()], { description: 'The host organisation.' }),
  membersOnly: Type.Boolean(),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  sequence: Type.Integer({ description: 'Goes up whenever its time, place or status changes (iCalendar SEQUENCE).' }),
});
export type MeetingSummary = Type.Static<typeof MeetingSummary>;

export const Speaker = Type.Union([
  Type.Object({ kind: Type.Literal('person'), ...PersonRef.properties }),
  Type.Object({ kind: Type.Literal('organisation'), ...OrganisationRef.properties }),
]);
export type Speaker = Type.Static<typeof Speaker>;

const AgendaItemFields = {
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  startsAt: Type.Union([Instant, Type.Null()]),
  endsAt: Type.Union([Instant, Type.Null()]),
  speakers: Type.Array(Speaker),
};
export const AgendaSubItem = Type.Object(AgendaItemFields);
export const AgendaItem = Type.Object({
  ...AgendaItemFields,
  items: Type.Array(AgendaSubItem, { description: 'Sub-items, in order.' }),
});
export type AgendaItem = Type.Static<typeof AgendaItem>;

/** What a meeting's file is to its readers. */
export const ATTACHMENT_KINDS = ['agenda', 'slides', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
/** Files per meeting, and the length of a file's description. */
export const ATTACHMENT_LIMITS = { perMeeting: 20, description: 500 } as const;

export const MeetingAttachment = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'The file name as uploaded (without any path or control characters).' }),
  kind: Type.Union([Type.Literal('agenda'), Type.Literal('slides'), Type.Literal('other')], {
    description: 'What the file is: the agenda, slides, or another document.',
  }),
  type: Type.String({ description: 'The media type, from the file’s content.' }),
  size: Type.Integer({ description: 'Bytes.' }),
  description: Type.String({ description: 'What the document is; may be empty.' }),
  url: Type.String({
    description: 'Where to download it through the API (with the same token, for members-only meetings).',
  }),
});
export type MeetingAttachment = Type.Static<typeof MeetingAttachment>;

export const MeetingDetail = Type.Object({
  ...MeetingSummary.properties,
  description: Type.String({ description: 'Markdown source.' }),
  html: Type.String({ description: 'The description rendered and sanitised.' }),
  organisations: Type.Array(OrganisationRef, { description: 'Participating organisations.' }),
  people: Type.Array(PersonRef, { description: 'Participating people.' }),
  tags: Type.Array(TagRef),
  agenda: Type.Array(AgendaItem),
  attachments: Type.Array(MeetingAttachment, { description: 'Files of the meeting (agenda, slides), oldest first.' }),
  news: Type.Array(Type.Object({ title: Type.String(), path: Type.String(), lang: Type.String() }), {
    description: 'Public news posts that report on the meeting (`path`: after `/{lang}`).',
  }),
  registration: Type.Object({
    open: Type.Boolean(),
    capacity: Type.Union([Type.Integer(), Type.Null()], { description: 'Seats; null: no limit.' }),
    deadline: Type.Union([Instant, Type.Null()]),
  }),
});
export type MeetingDetail = Type.Static<typeof MeetingDetail>;

export const MeetingList = Type.Object({
  upcoming: Type.Array(MeetingSummary, { description: 'Meetings still to start, soonest first.' }),
  past: Type.Array(MeetingSummary, { description: 'Meetings that have started, latest first, one page.' }),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page of past meetings.' }),
});
export type MeetingList = Type.Static<typeof MeetingList>;

export const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]+\\.[0-9]+$' })),
});
export const PartnershipParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }),
});
export const MeetingParams = Type.Object({
  ...PartnershipParams.properties,
  number: Id({ description: 'The meeting’s number in the series' }),
});
export const AttachmentParams = Type.Object({
  ...MeetingParams.properties,
  id: Id({ description: 'The attachment' }),
});
/** A download: the attachment's id, then its name (for the reader's browser; the id finds the file). */
export const AttachmentFileParams = Type.Object({
  ...AttachmentParams.properties,
  filename: Type.String({ pattern: '^[A-Za-z0-9._-]{1,120}$' }),
});
/** The multipart body of the API's upload, as documented (the route checks the file itself). */
export const AttachmentUpload = Type.Object({
  file: Type.Optional(
    Type.Unsafe<unknown>({
      contentMediaType: 'application/octet-stream',
      description:
        'The file: a PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV file, or an image (PNG, JPEG, GIF, WebP).',
    }),
  ),
  kind: Type.Optional(
    Type.String({
      description: `What it is: ${ATTACHMENT_KINDS.map((k) => `\`${k}\``).join(', ')} (\`other\` if left out).`,
    }),
  ),
  description: Type.Optional(
    Type.String({ description: `What the document is; at most ${ATTACHMENT_LIMITS.description} characters.` }),
  ),
});

/** The form (and the API body) for a meeting: times are wall-clock times in `time_zone`. */
export const MeetingForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.title }),
  starts_at: Type.String({
    maxLength: 30,
    description: '`2019-02-14T09:30` in `time_zone`, or an instant with an offset.',
  }),
  ends_at: Type.String({ maxLength: 30, description: 'As `starts_at`; after it.' }),
  time_zone: Type.String({ maxLength: 64, description: 'An IANA time zone (`Europe/Luxembourg`).' }),
  venue: Type.Optional(Line({ maxLength: LIMITS.place })),
  address: Type.Optional(Line({ maxLength: LIMITS.place })),
  city: Type.Optional(Line({ maxLength: LIMITS.place })),
  country: Type.Optional(Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2 code.' })),
  online_url: Type.Optional(Type.String({ maxLength: LIMITS.url, description: 'An https:// or http:// address.' })),
  host: Type.Optional(Type.String({ maxLength: 100, description: 'Slug of the host organisation.' })),
  organisations: Type.Optional(
    Type.String({ maxLength: 6_000, description: 'Slugs of participating organisations, one a line or by commas.' }),
  ),
  people: Type.Optional(
    Type.String({ maxLength: 6_000, description: 'Handles of participating people, one a line or by commas.' }),
  ),
  description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  tags: Type.Optional(Line({ maxLength: LIMITS.tags })),
  lang: Type.Optional(Type.String({ minLength: 2, maxLength: 3, pattern: '^[a-z]{2,3}$' })),
  members_only: Type.Optional(Type.String({ maxLength: 5 })),
  registration_open: Type.Optional(Type.String({ maxLength: 5 })),
  capacity: Type.Optional(Type.String({ maxLength: 7, description: 'Seats (a whole number); empty: no limit.' })),
  registration_deadline: Type.Optional(
    Type.String({ maxLength: 30, description: 'Wall-clock time in `time_zone`; empty: none.' }),
  ),
  _csrf: Type.Optional(Type.String()),
});
export type MeetingFormValue = Type.Static<typeof MeetingForm>;

/** One agenda item (or sub-item, with `parent`). */
export const AgendaItemForm = Type.Object({
  title: Line({ minLength: 1, maxLength: LIMITS.agendaTitle }),
  description: Type.Optional(Type.String({ maxLength: LIMITS.agendaDescription })),
  starts_at: Type.Optional(Type.String({ maxLength: 30, description: 'Wall-clock time in the meeting’s zone.' })),
  ends_at: Type.Optional(Type.String({ maxLength: 30 })),
  speakers: Type.Optional(
    Type.String({
      maxLength: 2_000,
      description: 'Speakers, one a line or by commas: `@handle` for a person, an organisation’s slug otherwise.',
    }),
  ),
  parent: Type.Optional(Type.String({ maxLength: 11, description: 'The id of the item this is a sub-item of.' })),
  _csrf: Type.Optional(Type.String()),
});
export type AgendaItemFormValue = Type.Static<typeof AgendaItemForm>;

export const AgendaItemParams = Type.Object({
  ...MeetingParams.properties,
  item: Id({ description: 'The agenda item' }),
});
export const MoveForm = Type.Object({
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  _csrf: Type.Optional(Type.String()),
});

export const Saved = Type.Object({
  number: Type.Integer(),
  url: Type.String({ description: 'The meeting’s page.' }),
});
export const AgendaSaved = Type.Object({ id: Type.Integer() });

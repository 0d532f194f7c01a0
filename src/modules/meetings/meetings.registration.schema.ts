import Type, { type Static } from 'typebox';
import { Id } from '../../core/http/validation.js';

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const CSRF = Type.Optional(Type.String({ description: 'The form token, for a session without `X-CSRF-Token`.' }));

/** A meeting's address: the partnership and the meeting's number in its series. */
export const MeetingParams = Type.Object({
  lang: Type.Optional(Type.String()),
  slug: Type.String({ pattern: SLUG, maxLength: 100 }),
  number: Id({ description: 'The meeting’s number in its partnership’s series' }),
});
export type MeetingParams = Static<typeof MeetingParams>;

export const HandleParams = Type.Object({
  lang: Type.Optional(Type.String()),
  // Loose on purpose: an address that cannot be a handle is a 404, not a 400.
  handle: Type.String({ maxLength: 100 }),
});

const RegistrationStatus = Type.Union([Type.Literal('registered'), Type.Literal('waiting')], {
  description: '`registered`: a seat; `waiting`: on the waiting list',
});

/** The answer to registering. */
export const RegisteredJson = Type.Object({
  status: RegistrationStatus,
  already: Type.Boolean({ description: 'True when the person had this registration already (nothing changed)' }),
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'The place on the waiting list (1 is next), or null with a seat',
  }),
  message: Type.String({ description: 'What happened, in the reader’s language' }),
});

/** The answer to cancelling. */
export const CancelledJson = Type.Object({
  status: Type.Literal('cancelled'),
  was: RegistrationStatus,
  message: Type.String(),
});

/** The coordinators' settings of registration. */
export const SettingsBody = Type.Object(
  {
    open: Type.Boolean({ description: 'Whether people may register' }),
    capacity: Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), Type.Null()], {
      description: 'Seats; null: no limit. Never below the number registered',
    }),
    deadline: Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Null()], {
      description: 'The last moment to register (RFC 3339), at the latest the meeting’s start; null: until it starts',
    }),
    _csrf: CSRF,
  },
  { additionalProperties: false },
);
export type SettingsBody = Static<typeof SettingsBody>;

export const SettingsJson = Type.Object({
  open: Type.Boolean(),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  movedUp: Type.Integer({ description: 'How many moved up from the waiting list' }),
});

/** One registration in the coordinators' list. */
const RegistrationRow = Type.Object({
  handle: Type.String(),
  name: Type.String(),
  status: RegistrationStatus,
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'On the waiting list: the place' }),
  since: Type.String({ format: 'date-time', description: 'When the current status began' }),
  attended: Type.Union([Type.Boolean(), Type.Null()], { description: 'Null until marked' }),
});

export const RegistrationsJson = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  open: Type.Boolean(),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: Type.Object({ registered: Type.Integer(), waiting: Type.Integer(), attended: Type.Integer() }),
  registrations: Type.Array(RegistrationRow),
});
export type RegistrationsJson = Static<typeof RegistrationsJson>;

/** Attendance marks, by handle. */
export const AttendanceBody = Type.Object(
  {
    attendance: Type.Array(
      Type.Object(
        {
          handle: Type.String({ maxLength: 100 }),
          attended: Type.Union([Type.Boolean(), Type.Null()], { description: 'Null: not marked' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
    _csrf: CSRF,
  },
  { additionalProperties: false },
);
export type AttendanceBody = Static<typeof AttendanceBody>;

export const AttendanceJson = Type.Object({
  changed: Type.Integer(),
  counts: Type.Object({ registered: Type.Integer(), waiting: Type.Integer(), attended: Type.Integer() }),
});

export const MAX_DECISIONS = 50;
export const MINUTES_LIMIT = 100_000;
export const DECISION_LIMIT = 2000;
export const ACTION_LIMIT = 200;

/** The minutes, outcomes and decisions of a meeting. */
export const MinutesBody = Type.Object(
  {
    minutes: Type.String({ maxLength: MINUTES_LIMIT, description: 'Markdown' }),
    outcomes: Type.String({ maxLength: MINUTES_LIMIT, description: 'Markdown' }),
    decisions: Type.Array(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: DECISION_LIMIT }),
          action: Type.Optional(
            Type.Union([Type.String({ minLength: 1, maxLength: ACTION_LIMIT }), Type.Null()], {
              description:
                "The id of the action of the partnership's action plan it is linked to " +
                "(the action's `id` in its JSON); null: none",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_DECISIONS, description: 'In order' },
    ),
    _csrf: CSRF,
  },
  { additionalProperties: false },
);
export type MinutesBody = Static<typeof MinutesBody>;

export const MinutesJson = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  minutes: Type.String({ description: 'Markdown' }),
  outcomes: Type.String({ description: 'Markdown' }),
  decisions: Type.Array(
    Type.Object({
      position: Type.Integer(),
      text: Type.String(),
      action: Type.Union([Type.String(), Type.Null()], { description: "The linked action's id; null: none" }),
    }),
  ),
  attendance: Type.Object({
    registered: Type.Integer(),
    attended: Type.Integer(),
    reported: Type.Union([Type.Integer(), Type.Null()], { description: 'A count made outside the platform' }),
  }),
});
export type MinutesJson = Static<typeof MinutesJson>;

/** A person's own registrations. */
export const MyMeetingsJson = Type.Object({
  items: Type.Array(
    Type.Object({
      partnership: Type.String({ description: 'The partnership’s slug' }),
      number: Type.Integer(),
      title: Type.String(),
      startsAt: Type.String({ format: 'date-time' }),
      endsAt: Type.String({ format: 'date-time' }),
      timeZone: Type.String(),
      cancelled: Type.Boolean({ description: 'The meeting is cancelled' }),
      status: RegistrationStatus,
      attended: Type.Union([Type.Boolean(), Type.Null()]),
    }),
  ),
});
export type MyMeetingsJson = Static<typeof MyMeetingsJson>;

import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id } from '../../core/http/validation.js';

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  /** A message key of the module that notifies, e.g. `comments.notification.reply`; it gets `{subject}`. */
  kind: string;
  /** What it is about (a title), shown as text. */
  subject: string;
  /** Where to go, after `/{lang}`. */
  path: string;
  created_at: string;
  read_at: string | null;
  /** The content it is about (`post`, its id): it is named only while the reader may see that content. */
  subject_type: string | null;
  subject_id: number | null;
  /** The partnership it concerns, if any (digests group by it). */
  partnership_id: number | null;
  /**
   * When its mail was settled: queued at once, put in a digest, or given up (older than any digest
   * looks back; notes from before digests): it never goes twice.
   */
  mailed_at: string | null;
}

/** A person's own choice of delivery for a kind of notification (only choices that differ from the default). */
export interface NotificationSettingTable {
  user_id: number;
  kind: string;
  /** `immediately`, `daily`, `weekly` or `never`. */
  delivery: string;
  updated_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    notifications: NotificationTable;
    notification_settings: NotificationSettingTable;
  }
}

export interface NotificationView {
  id: number;
  kind: string;
  subject: string;
  /** Null when it is about content the reader may no longer see: shown without its subject or link. */
  path: string | null;
  createdAt: string;
  read: boolean;
}

export const NotificationsQuery = Type.Object({
  after: Type.Optional(Id({ description: 'Cursor: the id of the last notification of the previous page.' })),
});

const Delivery = Type.Union(
  [Type.Literal('immediately'), Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('never')],
  { description: 'By mail at once, in the daily or the weekly digest, or never (the app lists every note).' },
);

/** One's mail settings, as the API shows them. */
export const NotificationSettings = Type.Object({
  kinds: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'The kind of notification (a message key of the module that notifies).' }),
      module: Type.String({ description: 'The module that sends it (the settings page groups kinds by it).' }),
      label: Type.String({ description: 'What the kind is, in words, in the reader’s language.' }),
      delivery: Delivery,
      defaultDelivery: Delivery,
    }),
  ),
  digests: Type.Object({
    hour: Type.Integer({ minimum: 0, maximum: 23, description: 'The hour (UTC) digests are built.' }),
    weeklyOn: Type.Literal('monday', { description: 'The day of the week the weekly digest is built.' }),
  }),
});

/** What one sends to change one's mail settings: the kinds to change, each with its new delivery. */
export const NotificationSettingsBody = Type.Object(
  {
    // Optional to the schema, so that the CSRF check answers before it; missing is refused below.
    deliveries: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Delivery, {
        maxProperties: 200,
        description: 'Kind → delivery, for the kinds to change (the others stay as they are). Required.',
      }),
    ),
    _csrf: Type.Optional(Type.String({ description: 'The form token, for a session without `X-CSRF-Token`.' })),
  },
  { additionalProperties: false },
);
export type NotificationSettingsBody = Type.Static<typeof NotificationSettingsBody>;

/** An unsubscribe link's token: the person, what it stops (a kind, or `daily`/`weekly`: a digest) and its signature. */
export const UnsubscribeParams = Type.Object({
  lang: Type.String(),
  // Its form is checked with its signature (`readUnsubscribeToken`): anything else is the same 404.
  token: Type.String({ maxLength: 300, description: 'The token of the link: `<person>~<scope>~<signature>`.' }),
});

/** What an unsubscribe link stops, as the API shows it. */
export const UnsubscribeView = Type.Object({
  scope: Type.String({ description: 'A kind of notification, or `daily` / `weekly` for a digest.' }),
  kinds: Type.Array(Type.String(), { description: 'The kinds it turns (or turned) to `never`.' }),
  labels: Type.Array(Type.String(), { description: 'Those kinds in words, in the reader’s language.' }),
  done: Type.Boolean({ description: 'True once it was done (after a POST).' }),
});

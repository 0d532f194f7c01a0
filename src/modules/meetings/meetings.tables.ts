import type { Generated } from 'kysely';

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const REGISTRATION_STATUSES = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A meeting of a partnership, numbered in series (the 11th, the 12th). Instants are UTC. */
export interface MeetingTable {
  id: Generated<number>;
  partnership_id: number;
  /** 1, 2, 3 … per partnership, unique. */
  number: number;
  original_lang: string;
  title: string;
  /** Markdown. */
  description: string;
  starts_at: string;
  ends_at: string;
  /** IANA name (`Europe/Luxembourg`), valid for `Intl`. */
  time_zone: string;
  venue: string;
  address: string;
  city: string;
  /** ISO 3166-1 alpha-2 (`LU`), or empty. */
  country: string;
  online_url: string | null;
  host_organisation_id: number | null;
  members_only: number | boolean;
  status: MeetingStatus;
  /** iCalendar SEQUENCE: bumped whenever the time, the place or the status changes. */
  sequence: Generated<number>;
  registration_open: number | boolean;
  /** Seats; null: no limit. */
  capacity: number | null;
  registration_deadline: string | null;
  /** Markdown, empty until written. */
  minutes: Generated<string>;
  outcomes: Generated<string>;
  /** Attendance counted outside the platform (older meetings); null: counted from registrations. */
  attendance_reported: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** An item of a meeting's agenda; a sub-item names its item in `parent_id`. */
export interface MeetingAgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  parent_id: number | null;
  /** Order among its siblings, from 1. */
  position: number;
  title: string;
  description: string;
  starts_at: string | null;
  ends_at: string | null;
}

/** Who speaks to an agenda item: a person or an organisation. */
export interface MeetingAgendaSpeakerTable {
  id: Generated<number>;
  item_id: number;
  position: number;
  user_id: number | null;
  organisation_id: number | null;
}

export interface MeetingOrganisationTable {
  meeting_id: number;
  organisation_id: number;
  position: number;
}

export interface MeetingPersonTable {
  meeting_id: number;
  user_id: number;
  position: number;
}

/** One person's registration for a meeting (one row per person and meeting). */
export interface MeetingRegistrationTable {
  id: Generated<number>;
  meeting_id: number;
  user_id: number;
  status: RegistrationStatus;
  /** Null until a coordinator marks it. */
  attended: number | boolean | null;
  created_at: string;
  /** When the current status began: the waiting list moves up in this order (then by id). */
  status_at: string;
}

/** A decision recorded after a meeting; `action_ref` is for the action plan to link one of its actions. */
export interface MeetingDecisionTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  text: string;
  action_ref: string | null;
  created_at: string;
}

/** A news post that reports on a meeting. */
export interface MeetingPostTable {
  meeting_id: number;
  post_id: number;
}

/** A file attached to a meeting (agenda, slides); the bytes are in the uploads folder under `storage_key`. */
export interface MeetingAttachmentTable {
  id: Generated<number>;
  meeting_id: number;
  name: string;
  storage_key: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  description: string;
  /** `agenda`, `slides` or `other` (`ATTACHMENT_KINDS`). */
  kind: Generated<string>;
  created_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    meetings: MeetingTable;
    meeting_agenda_items: MeetingAgendaItemTable;
    meeting_agenda_speakers: MeetingAgendaSpeakerTable;
    meeting_organisations: MeetingOrganisationTable;
    meeting_people: MeetingPersonTable;
    meeting_registrations: MeetingRegistrationTable;
    meeting_decisions: MeetingDecisionTable;
    meeting_posts: MeetingPostTable;
    meeting_attachments: MeetingAttachmentTable;
  }
}

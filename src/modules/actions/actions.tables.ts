import type { Generated } from 'kysely';

export const ACTION_STATUSES = ['planned', 'in_progress', 'delayed', 'completed', 'cancelled', 'merged'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const PROGRESS_MODES = ['manual', 'deliverables'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];
export const ORGANISATION_ROLES = ['lead', 'contributor'] as const;
export type ActionOrganisationRole = (typeof ORGANISATION_ROLES)[number];
export const WORK_STATUSES = ['planned', 'in_progress', 'delayed', 'completed', 'cancelled'] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];
export const DELIVERABLE_TYPES = ['report', 'guide', 'tool', 'pilot', 'event', 'policy', 'other'] as const;
export type DeliverableType = (typeof DELIVERABLE_TYPES)[number];
export const CHALLENGE_STATUSES = ['open', 'resolved'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
export const IMPACTS = ['low', 'medium', 'high'] as const;
export type Impact = (typeof IMPACTS)[number];

/** A theme of a partnership's action plan, in order ("Digital skills for everybody"). */
export interface ActionThemeTable {
  id: Generated<number>;
  partnership_id: number;
  /** 1, 2, 3 … within the plan. */
  position: number;
  title: string;
}

/** An action of a partnership's plan, numbered within it (Action 4). Dates are `YYYY-MM-DD`. */
export interface ActionTable {
  id: Generated<number>;
  partnership_id: number;
  /** Unique per partnership; never reused, also once merged. */
  number: number;
  theme_id: number | null;
  original_lang: string;
  title: string;
  /** Markdown. */
  description: string;
  status: ActionStatus;
  /** The action this one was merged into (status `merged`). */
  merged_into: number | null;
  /** 0–100. */
  progress: number;
  progress_mode: ProgressMode;
  starts_on: string | null;
  ends_on: string | null;
  members_only: number | boolean;
  /** What the action needs from others (text; empty: nothing said). */
  support_needed: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** An organisation leading or contributing to an action. */
export interface ActionOrganisationTable {
  action_id: number;
  organisation_id: number;
  role: ActionOrganisationRole;
  position: number;
}

/** A key activity of an action. */
export interface ActionActivityTable {
  id: Generated<number>;
  action_id: number;
  position: number;
  title: string;
  status: WorkStatus;
  starts_on: string | null;
  ends_on: string | null;
}

/** A concrete deliverable; its evidence is a link, a news post or a file of the action (one of them). */
export interface ActionDeliverableTable {
  id: Generated<number>;
  action_id: number;
  position: number;
  title: string;
  type: DeliverableType;
  due_on: string | null;
  status: WorkStatus;
  /** For progress derived from deliverables (`progress_mode` deliverables). */
  weight: number;
  evidence_url: string | null;
  evidence_post_id: number | null;
  evidence_file_id: number | null;
}

/** A file of an action, given as a deliverable's evidence: kept in the core's upload store by `storage_key`. */
export interface ActionFileTable {
  id: Generated<number>;
  action_id: number;
  /** As uploaded, cleaned (`cleanFileName`): shown as text, never used to find the file. */
  name: string;
  storage_key: string;
  /** Sniffed from the content, never the client's. */
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: string;
}

/** A challenge met while implementing an action. */
export interface ActionChallengeTable {
  id: Generated<number>;
  action_id: number;
  position: number;
  description: string;
  impact: Impact;
  mitigation: string;
  status: ChallengeStatus;
  raised_on: string;
  resolved_on: string | null;
}

/**
 * One version of an action: appended by every change (`changeAction`), with who, when, why and
 * a snapshot (JSON) of the tracked fields and children after the change.
 */
export interface ActionVersionTable {
  id: Generated<number>;
  action_id: number;
  /** 1, 2, 3 … per action. */
  version: number;
  at: string;
  user_id: number | null;
  explanation: string;
  snapshot: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    action_themes: ActionThemeTable;
    actions: ActionTable;
    action_organisations: ActionOrganisationTable;
    action_activities: ActionActivityTable;
    action_deliverables: ActionDeliverableTable;
    action_challenges: ActionChallengeTable;
    action_versions: ActionVersionTable;
    action_files: ActionFileTable;
  }
}

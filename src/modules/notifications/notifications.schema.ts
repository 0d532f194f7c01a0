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
}

declare module '../../core/db/types.js' {
  interface Database {
    notifications: NotificationTable;
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

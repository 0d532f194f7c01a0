import type { Generated } from 'kysely';
import Type from 'typebox';
import { Id, Line } from '../../core/http/validation.js';

export interface UserTable {
  id: Generated<number>;
  handle: string;
  /** Stored lower-cased, so that one address is one account; `deleted-<id>` once deleted. */
  email: string;
  display_name: string;
  /** argon2id; null for an account that cannot sign in with a password (and once deleted). */
  password_hash: string | null;
  is_admin: boolean | number;
  /** Preferred interface language, if chosen; mail to the person is written in it. */
  locale: string | null;
  /** The person's own IANA time zone, if chosen ("your time" beside a meeting's); null: the platform's. */
  time_zone: string | null;
  created_at: string;
  /** When the person opened the confirmation link; null: cannot sign in yet. */
  email_confirmed_at: string | null;
  /** The version of the terms the person accepted (`TERMS_VERSION` at the time), and when. */
  terms_version: string | null;
  terms_accepted_at: string | null;
  /** Set when the account was deleted: its personal data is gone, its contributions stay. */
  deleted_at: string | null;
}

/** What a one-time link sent by mail is for. */
export type MailTokenPurpose = 'confirm' | 'reset' | 'email';

export interface MailTokenTable {
  id: Generated<number>;
  user_id: number;
  purpose: MailTokenPurpose;
  /** SHA-256 of the token in the link: the database alone opens nothing. */
  token_hash: string;
  /** For `email`: the address that becomes the account's once confirmed. */
  new_email: string | null;
  created_at: string;
  expires_at: string;
}

export interface AccessTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The first characters of the token, shown so that a person can tell tokens apart. */
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** Attempts counted per window of a limit (see throttle.ts). */
export interface AttemptCountTable {
  /** `sign-in` (per account and source), `sign-in-any` (per account), `confirm-mail`, `reset-mail`. */
  kind: string;
  /** SHA-256 of the account's lower-cased address, or of it and the source (an address, a browser). */
  subject: string;
  /** SHA-256 of the lower-cased address: unknown people's addresses are not kept. */
  account: string;
  /** The window: milliseconds since 1970 divided by the limit's window, rounded down. */
  period: number;
  attempts: number;
}

declare module '../../core/db/types.js' {
  interface Database {
    users: UserTable;
    accounts_mail_tokens: MailTokenTable;
    accounts_access_tokens: AccessTokenTable;
    accounts_attempt_counts: AttemptCountTable;
  }
}

export const HANDLE_PATTERN = '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$';
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/** The version of the terms of use a new account accepts (the date they took effect). */
export const TERMS_VERSION = '2026-11-27';

const email = Type.String({ format: 'email', maxLength: 254 });
const newPassword = Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX });
const currentPassword = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });

export const SignInForm = Type.Object({
  email,
  password: currentPassword,
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type SignInForm = Type.Static<typeof SignInForm>;

export const RegisterForm = Type.Object({
  displayName: Line({ minLength: 1, maxLength: 100 }),
  email,
  handle: Type.String({ pattern: HANDLE_PATTERN, minLength: 3, maxLength: 40 }),
  password: newPassword,
  terms: Type.Literal('accepted'),
});
export type RegisterForm = Type.Static<typeof RegisterForm>;

export const EmailForm = Type.Object({ email });
export type EmailForm = Type.Static<typeof EmailForm>;

export const ResetForm = Type.Object({ password: newPassword });
export type ResetForm = Type.Static<typeof ResetForm>;

/** Field names differ between the forms of one settings page, so that their ids do too. */
export const ChangeEmailForm = Type.Object({ newEmail: email, password: currentPassword });
export type ChangeEmailForm = Type.Static<typeof ChangeEmailForm>;

export const ChangePasswordForm = Type.Object({ currentPassword, newPassword });
export type ChangePasswordForm = Type.Static<typeof ChangePasswordForm>;

export const DeleteAccountForm = Type.Object({ password: currentPassword });

/** The password asked again before a sensitive setting. */
export const ConfirmPasswordForm = Type.Object({ password: currentPassword });
export type ConfirmPasswordForm = Type.Static<typeof ConfirmPasswordForm>;
export type DeleteAccountForm = Type.Static<typeof DeleteAccountForm>;

export const TokenForm = Type.Object({ name: Line({ minLength: 1, maxLength: 100 }) });
export type TokenForm = Type.Static<typeof TokenForm>;

/** The token in a mailed link: 32 random bytes as base64url. */
export const LinkParams = Type.Object({
  lang: Type.String(),
  token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }),
});
export const TokenIdParams = Type.Object({
  lang: Type.String(),
  id: Id(),
});

/** The signed-in person, as `GET /api/v1/me` returns it. */
export const Me = Type.Object({
  id: Type.Integer(),
  handle: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  locale: Type.Union([Type.String(), Type.Null()], { description: 'The interface language the person chose, if any.' }),
  isAdmin: Type.Boolean({ description: 'Platform administrator.' }),
  timeZone: Type.Union([Type.String(), Type.Null()], {
    description: 'The time zone the person chose (IANA name), or null: the platform’s.',
  }),
});
export type Me = Type.Static<typeof Me>;

import type { Generated } from 'kysely';
import Type from 'typebox';

export interface UserTable {
  id: Generated<number>;
  handle: string;
  /** Stored lower-cased, so that one address is one account. */
  email: string;
  display_name: string;
  /** argon2id; null for an account that cannot sign in with a password. */
  password_hash: string | null;
  is_admin: boolean | number;
  /** Preferred interface language, if chosen. */
  locale: string | null;
  created_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    users: UserTable;
  }
}

export const SignInForm = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type SignInForm = Type.Static<typeof SignInForm>;

export const HANDLE_PATTERN = '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$';
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

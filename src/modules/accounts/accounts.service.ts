import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/auth/actor.js';
import { fromFlag, nowIso, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { HANDLE_PATTERN, PASSWORD_MAX, PASSWORD_MIN } from './accounts.schema.js';

// A hash computed once, so that signing in with an unknown address costs as much time as
// with a known one and does not reveal which addresses have accounts.
let decoyHash: Promise<string> | undefined;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

export interface NewUser {
  email: string;
  handle: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
}

/** Why a new account was refused, as a message key per field. */
export type UserProblems = Partial<Record<keyof NewUser, string>>;

export async function checkNewUser(db: Kysely<Database>, input: NewUser): Promise<UserProblems> {
  const problems: UserProblems = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email) || input.email.length > 254) problems.email = 'accounts.problem.email';
  if (!new RegExp(HANDLE_PATTERN).test(input.handle)) problems.handle = 'accounts.problem.handle';
  if (!input.displayName.trim() || input.displayName.length > 100) problems.displayName = 'accounts.problem.displayName';
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) problems.password = 'accounts.problem.passwordLength';
  const taken = await db
    .selectFrom('users')
    .select(['email', 'handle'])
    .where((eb) => eb.or([eb('email', '=', input.email.toLowerCase()), eb('handle', '=', input.handle)]))
    .execute();
  if (taken.some((u) => u.email === input.email.toLowerCase())) problems.email ??= 'accounts.problem.emailTaken';
  if (taken.some((u) => u.handle === input.handle)) problems.handle ??= 'accounts.problem.handleTaken';
  return problems;
}

/** Creates an account after `checkNewUser` found nothing wrong. */
export async function createUser(db: Kysely<Database>, input: NewUser): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({
      email: input.email.toLowerCase(),
      handle: input.handle,
      display_name: input.displayName.trim(),
      password_hash: await hashPassword(input.password),
      is_admin: toFlag(input.isAdmin ?? false),
      locale: null,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The user id for a correct e-mail and password, else null; takes the same time either way. */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<number | null> {
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!user?.password_hash) {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    await verify(await decoyHash, password).catch(() => false);
    return null;
  }
  return (await verify(user.password_hash, password).catch(() => false)) ? user.id : null;
}

export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'handle', 'display_name', 'is_admin', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  return { kind: 'user', id: user.id, handle: user.handle, displayName: user.display_name, isAdmin: fromFlag(user.is_admin), locale: user.locale };
}

/** A `next=` target is followed only when it is a path on this site. */
export function safeNextPath(next: string | undefined, fallback: string): string {
  if (!next || next.length > 2000) return fallback;
  // One leading slash, then no second slash or backslash: never another host. Printable
  // ASCII only: anything else cannot go in a Location header.
  if (!/^\/(?![/\\])[!-[\]-~]*$/.test(next)) return fallback;
  return next;
}

/** A person as other modules see them: enough to name and link them. */
export interface UserSummary {
  id: number;
  handle: string;
  displayName: string;
  locale: string | null;
}

export async function findUserByHandle(db: Kysely<Database>, handle: string): Promise<UserSummary | null> {
  const row = await db.selectFrom('users').select(['id', 'handle', 'display_name', 'locale']).where('handle', '=', handle).executeTakeFirst();
  return row ? { id: row.id, handle: row.handle, displayName: row.display_name, locale: row.locale } : null;
}

/** Names and handles of many users at once (one query, for lists). */
export async function findUsersByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, UserSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'handle', 'display_name', 'locale']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, handle: r.handle, displayName: r.display_name, locale: r.locale }]));
}

/** Changes the name others see and the interface language the person chose. */
export async function updateAccountBasics(db: Kysely<Database>, userId: number, changes: { displayName?: string; locale?: string | null }): Promise<void> {
  const values: { display_name?: string; locale?: string | null } = {};
  if (changes.displayName !== undefined) values.display_name = changes.displayName.trim();
  if (changes.locale !== undefined) values.locale = changes.locale;
  if (Object.keys(values).length > 0) await db.updateTable('users').set(values).where('id', '=', userId).execute();
}

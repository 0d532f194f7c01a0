import type { Expression, Kysely } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import type { Actor } from '../../core/auth/actor.js';
import { fromFlag, nowIso, toFlag } from '../../core/db/dialect.js';
import { preparedQuery } from '../../core/db/prepared.js';
import type { Database } from '../../core/db/types.js';
import { cleanLine } from '../../core/http/validation.js';
import { findUserByEmail } from './accounts.queries.js';
import { HANDLE_PATTERN } from './accounts.schema.js';
import { checkPassword, hashPassword, passwordProblem } from './passwords.js';

export { hashPassword } from './passwords.js';

export interface NewUser {
  email: string;
  handle: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
  /**
   * Whether the address counts as confirmed. True by default (commands, demo data, tests);
   * registration through the web passes false and mails a confirmation link.
   */
  confirmed?: boolean;
  /** The interface language, if known (mail to the person is written in it). */
  locale?: string | null;
  /** The version of the terms accepted at registration (`TERMS_VERSION`). */
  termsVersion?: string | null;
}

/** Why a new account was refused, as a message key per field. */
export type UserProblems = Partial<Record<keyof NewUser, string>>;

/** Handles that name no person: deleted accounts are `deleted-<id>`. */
export function handleReserved(handle: string): boolean {
  return handle.startsWith('deleted-');
}

export async function checkNewUser(db: Kysely<Database>, input: NewUser): Promise<UserProblems> {
  const problems: UserProblems = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email) || input.email.length > 254)
    problems.email = 'accounts.problem.email';
  if (!new RegExp(HANDLE_PATTERN).test(input.handle)) problems.handle = 'accounts.problem.handle';
  else if (handleReserved(input.handle)) problems.handle = 'accounts.problem.handleTaken';
  if (!input.displayName.trim() || input.displayName.length > 100)
    problems.displayName = 'accounts.problem.displayName';
  const password = passwordProblem(input.password);
  if (password) problems.password = password;
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
  if (!db.isTransaction) return db.transaction().execute((trx) => createUser(trx, input));
  const now = nowIso();
  const { id } = await db
    .insertInto('users')
    .values({
      email: input.email.trim().toLowerCase(),
      handle: input.handle,
      display_name: cleanLine(input.displayName).trim(),
      password_hash: await hashPassword(input.password),
      is_admin: toFlag(input.isAdmin ?? false),
      locale: input.locale ?? null,
      created_at: now,
      email_confirmed_at: input.confirmed === false ? null : now,
      terms_version: input.termsVersion ?? null,
      terms_accepted_at: input.termsVersion ? now : null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A person's public profile is found by search (the people module's `person` documents).
  await markForIndex(db, 'person', [id]);
  return id;
}

/** The outcome of checking an e-mail address and password. */
export type Credentials = { kind: 'ok'; userId: number } | { kind: 'unconfirmed'; userId: number } | { kind: 'wrong' };

/**
 * Checks an address and password; takes the same time for an unknown address. Only a right
 * password learns that an account is not confirmed yet.
 */
export async function checkCredentials(db: Kysely<Database>, email: string, password: string): Promise<Credentials> {
  const user = await findUserByEmail(db, email.trim());
  if (!(await checkPassword(user?.password_hash, password)) || !user) return { kind: 'wrong' };
  return user.email_confirmed_at ? { kind: 'ok', userId: user.id } : { kind: 'unconfirmed', userId: user.id };
}

/** The user id for a right address and password of a confirmed account, else null. */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<number | null> {
  const result = await checkCredentials(db, email, password);
  return result.kind === 'ok' ? result.userId : null;
}

/** The actor of a session; null for an account that is gone or deleted. */
/** Asked on every signed-in request: compiled once. */
const actorRow = preparedQuery((db: Kysely<Database>, userId: number) =>
  db
    .selectFrom('users')
    .select(['id', 'handle', 'display_name', 'is_admin', 'locale', 'time_zone'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null),
);

export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor | null> {
  const [user] = await actorRow(db, userId);
  if (!user) return null;
  return {
    kind: 'user',
    id: user.id,
    handle: user.handle,
    displayName: user.display_name,
    isAdmin: fromFlag(user.is_admin),
    locale: user.locale,
    timeZone: user.time_zone,
  };
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
  /**
   * The account was deleted: show `t('accounts.deletedUser')` ("deleted user") instead of a
   * name, and link nowhere (see `displayNameOf`).
   */
  deleted: boolean;
}

/** The name to print for a person: their display name, or "deleted user" in the reader's language. */
export function displayNameOf(user: Pick<UserSummary, 'displayName' | 'deleted'>, t: (key: string) => string): string {
  return user.deleted ? t('accounts.deletedUser') : user.displayName;
}

const summaryColumns = ['id', 'handle', 'display_name', 'locale', 'deleted_at'] as const;
const toSummary = (r: {
  id: number;
  handle: string;
  display_name: string;
  locale: string | null;
  deleted_at: string | null;
}): UserSummary => ({
  id: r.id,
  handle: r.handle,
  displayName: r.display_name,
  locale: r.locale,
  deleted: r.deleted_at !== null,
});

/** A live account by handle; null for an unknown handle and for a deleted account. */
export async function findUserByHandle(db: Kysely<Database>, handle: string): Promise<UserSummary | null> {
  const row = await db
    .selectFrom('users')
    .select(summaryColumns)
    .where('handle', '=', handle)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toSummary(row) : null;
}

/** The ids of the accounts that exist (not deleted), as a subquery: whose profile a page shows. */
export const liveUserIds = (db: Kysely<Database>): Expression<number> =>
  db.selectFrom('users').select('users.id').where('users.deleted_at', 'is', null).$asScalar() as Expression<number>;

/** Names and handles of many users at once (one query, for lists); deleted ones are marked. */
export async function findUsersByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, UserSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(summaryColumns)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toSummary(r)]));
}

/** Changes the name others see and the interface language the person chose. */
export async function updateAccountBasics(
  db: Kysely<Database>,
  userId: number,
  changes: { displayName?: string; locale?: string | null },
): Promise<void> {
  const values: { display_name?: string; locale?: string | null } = {};
  if (changes.displayName !== undefined) values.display_name = cleanLine(changes.displayName).trim();
  if (changes.locale !== undefined) values.locale = changes.locale;
  if (Object.keys(values).length > 0)
    await db.updateTable('users').set(values).where('id', '=', userId).where('deleted_at', 'is', null).execute();
}

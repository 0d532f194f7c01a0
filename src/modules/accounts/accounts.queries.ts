import type { Kysely } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import { nowIso, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { MailTokenPurpose } from './accounts.schema.js';

type Db = Kysely<Database>;

// ── Users ────────────────────────────────────────────────────────────────────────────

const userColumns = [
  'id',
  'handle',
  'email',
  'display_name',
  'password_hash',
  'is_admin',
  'locale',
  'time_zone',
  'created_at',
  'email_confirmed_at',
  'terms_version',
  'terms_accepted_at',
  'deleted_at',
] as const;

export type UserRow = Awaited<ReturnType<typeof findUserById>> & object;

/** An account by id, deleted or not. */
export async function findUserById(db: Db, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

/** A live account by its e-mail address (any case). */
export async function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('email', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst()) !==
    undefined
  );
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Marks the address confirmed (a no-op when it already was). */
export async function markEmailConfirmed(db: Db, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_confirmed_at: nowIso() })
    .where('id', '=', userId)
    .where('email_confirmed_at', 'is', null)
    .execute();
}

export async function setEmail(db: Db, userId: number, email: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email: email.toLowerCase(), email_confirmed_at: nowIso() })
    .where('id', '=', userId)
    .execute();
}

/**
 * Removes what identifies the person and marks the account deleted. The row stays, so that
 * contributions keep their author id and are shown as by "deleted user".
 */
export async function anonymiseUser(db: Db, userId: number): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => anonymiseUser(trx, userId));
  const placeholder = `deleted-${userId}`;
  // The person's profile leaves the search index with the next run of its job (`person` documents).
  await markForIndex(db, 'person', [userId]);
  await db
    .updateTable('users')
    .set({
      email: placeholder,
      handle: placeholder,
      display_name: placeholder,
      password_hash: null,
      is_admin: toFlag(false),
      locale: null,
      time_zone: null,
      deleted_at: nowIso(),
    })
    .where('id', '=', userId)
    .execute();
}

/** The person's own time zone (null: the platform's); false when the account is gone. */
export async function setUserTimeZone(db: Db, userId: number, zone: string | null): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ time_zone: zone })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ── One-time links sent by mail ──────────────────────────────────────────────────────

export async function insertMailToken(
  db: Db,
  token: { userId: number; purpose: MailTokenPurpose; tokenHash: string; newEmail?: string | null; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('accounts_mail_tokens')
    .values({
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      new_email: token.newEmail ?? null,
      created_at: nowIso(),
      expires_at: token.expiresAt,
    })
    .execute();
}

/** A link's record by the hash of its token, with its account (live accounts only). */
export async function findMailToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('accounts_mail_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.user_id',
      't.purpose',
      't.new_email',
      't.expires_at',
      'u.email',
      'u.display_name',
      'u.locale',
      'u.email_confirmed_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Deletes one link; true only for the one request that deleted it (single use under races). */
export async function deleteMailToken(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('accounts_mail_tokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Deletes a person's links, of one purpose or all. */
export async function deleteMailTokensOf(db: Db, userId: number, purpose?: MailTokenPurpose): Promise<void> {
  let query = db.deleteFrom('accounts_mail_tokens').where('user_id', '=', userId);
  if (purpose) query = query.where('purpose', '=', purpose);
  await query.execute();
}

// ── Personal access tokens ───────────────────────────────────────────────────────────

export async function insertAccessToken(
  db: Db,
  token: { userId: number; name: string; prefix: string; tokenHash: string },
): Promise<number> {
  const { id } = await db
    .insertInto('accounts_access_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      prefix: token.prefix,
      token_hash: token.tokenHash,
      created_at: nowIso(),
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A person's tokens, newest first (never their secret: only the hash is stored). */
export async function listAccessTokens(db: Db, userId: number) {
  return db
    .selectFrom('accounts_access_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export async function deleteAccessToken(db: Db, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('accounts_access_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteAccessTokensOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('accounts_access_tokens').where('user_id', '=', userId).execute();
}

/** A token's record by its hash, with its live, confirmed account. */
export async function findAccessToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('accounts_access_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id', 'u.handle', 'u.display_name', 'u.is_admin', 'u.locale'])
    .select('u.time_zone')
    .where('t.token_hash', '=', tokenHash)
    .where('u.deleted_at', 'is', null)
    .where('u.email_confirmed_at', 'is not', null)
    .executeTakeFirst();
}

export async function touchAccessToken(db: Db, id: number): Promise<void> {
  await db.updateTable('accounts_access_tokens').set({ last_used_at: nowIso() }).where('id', '=', id).execute();
}

// ── Attempts per account ─────────────────────────────────────────────────────────────

/** One window's count of attempts for one subject. */
export interface AttemptRow {
  kind: string;
  subject: string;
  account: string;
  period: number;
}

/**
 * Adds one attempt to a window's count and returns the new count, in one statement: an
 * upsert, which both engines run one at a time per row, so concurrent attempts get 1, 2, 3 …
 */
export async function addAttempt(db: Db, row: AttemptRow): Promise<number> {
  const { attempts } = await db
    .insertInto('accounts_attempt_counts')
    .values({ ...row, attempts: 1 })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'subject', 'period'])
        .doUpdateSet((eb) => ({ attempts: eb(eb.ref('accounts_attempt_counts.attempts'), '+', 1) })),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return Number(attempts);
}

/** A window's count (0 when none was made). */
export async function attemptsIn(db: Db, row: Omit<AttemptRow, 'account'>): Promise<number> {
  const found = await db
    .selectFrom('accounts_attempt_counts')
    .select('attempts')
    .where('kind', '=', row.kind)
    .where('subject', '=', row.subject)
    .where('period', '=', row.period)
    .executeTakeFirst();
  return Number(found?.attempts ?? 0);
}

/** Takes one attempt back from a window's count. */
export async function takeBackAttempt(db: Db, row: Omit<AttemptRow, 'account'>): Promise<void> {
  await db
    .updateTable('accounts_attempt_counts')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('kind', '=', row.kind)
    .where('subject', '=', row.subject)
    .where('period', '=', row.period)
    .where('attempts', '>', 0)
    .execute();
}

/** Forgets counts: a kind's windows before a period, a subject's of a kind, or all of an account. */
export async function clearAttempts(
  db: Db,
  filter: { kind: string; before: number } | { kind: string; subject: string } | { account: string },
): Promise<void> {
  let query = db.deleteFrom('accounts_attempt_counts');
  if ('account' in filter) query = query.where('account', '=', filter.account);
  else if ('before' in filter) query = query.where('kind', '=', filter.kind).where('period', '<', filter.before);
  else query = query.where('kind', '=', filter.kind).where('subject', '=', filter.subject);
  await query.execute();
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { attemptsSince, clearAttempts, recordAttempt } from './accounts.queries.js';

/** At most `max` attempts of a kind for one account in any `windowMs`. */
export interface AttemptLimit {
  kind: string;
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;

/**
 * Failed sign-ins (and wrong current passwords in settings) per account. The address limit
 * of 10 a minute stops one machine; this stops many machines guessing one account's password.
 */
export const SIGN_IN_FAILURES: AttemptLimit = { kind: 'sign-in', max: 10, windowMs: 15 * MINUTE };
/** Confirmation mails one address may be sent: a form cannot be used to flood a mailbox. */
export const CONFIRM_MAILS: AttemptLimit = { kind: 'confirm-mail', max: 3, windowMs: 60 * MINUTE };
/** Password reset mails one address may be sent. */
export const RESET_MAILS: AttemptLimit = { kind: 'reset-mail', max: 3, windowMs: 60 * MINUTE };

/**
 * What attempts are counted against: the hash of the lower-cased address, so that the limit
 * holds for unknown addresses too (it reveals nothing) and their addresses are not kept.
 */
export function attemptSubject(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

/** Seconds until the next attempt is allowed; 0 when it is allowed now. */
export async function secondsUntilAllowed(db: Kysely<Database>, limit: AttemptLimit, subject: string): Promise<number> {
  const now = Date.now();
  const times = await attemptsSince(db, limit.kind, subject, new Date(now - limit.windowMs).toISOString());
  if (times.length < limit.max) return 0;
  // Allowed again once enough attempts have left the window for fewer than `max` to remain.
  const freeing = times[times.length - limit.max] ?? times[0] ?? new Date(now).toISOString();
  return Math.max(1, Math.ceil((Date.parse(freeing) + limit.windowMs - now) / 1000));
}

/** Counts one attempt, and forgets this account's attempts that no window can see any more. */
export async function countAttempt(db: Kysely<Database>, limit: AttemptLimit, subject: string): Promise<void> {
  await recordAttempt(db, limit.kind, subject);
  await clearAttempts(db, { before: new Date(Date.now() - 24 * 60 * MINUTE).toISOString() });
}

/** Forgets an account's failed attempts of a kind (after a successful sign-in, say). */
export async function forgetAttempts(db: Kysely<Database>, limit: AttemptLimit, subject: string): Promise<void> {
  await clearAttempts(db, { kind: limit.kind, subject });
}

/** Minutes to tell a reader, rounded up, at least 1. */
export const minutesOf = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

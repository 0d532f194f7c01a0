import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { addAttempt, attemptsIn, clearAttempts, takeBackAttempt } from './accounts.queries.js';

/** At most about `max` attempts of a kind for one subject in any `windowMs` (a sliding estimate). */
export interface AttemptLimit {
  kind: string;
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;

/**
 * Wrong passwords (at sign-in, and the current password asked in settings) for one account
 * from one source: a browser that signed in to the account before (its device cookie), else
 * a network address (an IPv6 /64 counts as one). A guesser slows down only itself.
 */
export const SIGN_IN_PER_SOURCE: AttemptLimit = { kind: 'sign-in', max: 10, windowMs: 15 * MINUTE };
/**
 * Wrong passwords for one account from every browser that never signed in to it, whatever
 * its address: the ceiling against guessing from many addresses. The owner's own browsers do
 * not count towards it and are not refused by it (see the README).
 */
export const SIGN_IN_PER_ACCOUNT: AttemptLimit = { kind: 'sign-in-any', max: 100, windowMs: 60 * MINUTE };
/** Confirmation mails one address may be sent: a form cannot be used to flood a mailbox. */
export const CONFIRM_MAILS: AttemptLimit = { kind: 'confirm-mail', max: 3, windowMs: 60 * MINUTE };
/** Password reset mails one address may be sent. */
export const RESET_MAILS: AttemptLimit = { kind: 'reset-mail', max: 3, windowMs: 60 * MINUTE };

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * What attempts are counted against: the hash of the lower-cased address, so that the limit
 * holds for unknown addresses too (it reveals nothing) and their addresses are not kept.
 */
export function attemptSubject(email: string): string {
  return sha256(email.trim().toLowerCase());
}

/**
 * Seconds until one more attempt fits, 0 when this one did. The estimate of a sliding window
 * from two fixed ones: the previous window's count weighs as much as it still overlaps
 * `windowMs` back from now. `current` counts this attempt.
 */
export function secondsToWait(limit: AttemptLimit, previous: number, current: number, elapsed: number): number {
  if (previous * (1 - elapsed) + current <= limit.max) return 0;
  const done = current - 1; // this attempt is taken back
  const W = limit.windowMs;
  let ms: number;
  const inThisWindow = done + 1 <= limit.max && previous > 0 ? 1 - (limit.max - done - 1) / previous : 1;
  if (inThisWindow < 1) ms = (inThisWindow - elapsed) * W;
  else ms = (1 - elapsed) * W + Math.max(0, 1 - (limit.max - 1) / Math.max(done, 1)) * W;
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Who is counted: an account, and within it a source (none: the account as a whole). */
export interface AttemptKey {
  account: string;
  source?: string;
}

const subjectOf = (key: AttemptKey) => (key.source ? sha256(`${key.account}\n${key.source}`) : key.account);

/**
 * Counts one attempt first (one statement that adds it and returns the new count, in the
 * database, so every node and every concurrent request sees every other's), then decides:
 * returns 0 to go on, else the seconds to wait, and the attempt is taken back (it was not
 * made). Of any number of attempts at once, no more than the limit go on.
 */
export async function takeAttempt(db: Kysely<Database>, limit: AttemptLimit, key: AttemptKey): Promise<number> {
  const now = Date.now();
  const period = Math.floor(now / limit.windowMs);
  const row = { kind: limit.kind, subject: subjectOf(key), account: key.account, period };
  const current = await addAttempt(db, row);
  const previous = await attemptsIn(db, { ...row, period: period - 1 });
  const wait = secondsToWait(limit, previous, current, (now - period * limit.windowMs) / limit.windowMs);
  if (wait > 0) await takeBackAttempt(db, row);
  // The first attempt of a window forgets the windows of this kind that no estimate needs.
  if (current === 1) await clearAttempts(db, { kind: limit.kind, before: period - 1 });
  return wait;
}

/** Takes back one attempt counted in the current window (it turned out right). */
export async function giveBackAttempt(db: Kysely<Database>, limit: AttemptLimit, key: AttemptKey): Promise<void> {
  const period = Math.floor(Date.now() / limit.windowMs);
  await takeBackAttempt(db, { kind: limit.kind, subject: subjectOf(key), period });
}

/** Forgets a source's attempts of a kind for an account (after a right password, say). */
export async function forgetAttempts(db: Kysely<Database>, limit: AttemptLimit, key: AttemptKey): Promise<void> {
  await clearAttempts(db, { kind: limit.kind, subject: subjectOf(key) });
}

/** Forgets everything counted for an account (a new password from a reset link; deletion). */
export async function forgetAccountAttempts(db: Kysely<Database>, account: string): Promise<void> {
  await clearAttempts(db, { account });
}

/** Minutes to tell a reader, rounded up, at least 1. */
export const minutesOf = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

// ── Where a sign-in comes from ───────────────────────────────────────────────────────

/** The cookie that marks a browser as one that signed in to an account before. */
export const DEVICE_COOKIE = 'urbis_device';
/** How long a browser stays known to an account after it last signed in. */
export const DEVICE_DAYS = 365;

/** Where an attempt comes from: the network address, and the browser's device cookie if any. */
export interface AttemptOrigin {
  address: string;
  device: string | undefined;
}

/**
 * The part of an address that one holder controls: an IPv4 address, or the /64 network of an
 * IPv6 address (one machine can pick any address of its /64).
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4?.[1]) return v4[1];
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const deviceMac = (secret: string, account: string, nonce: string) =>
  createHmac('sha256', secret).update(`device\n${account}\n${nonce}`).digest('base64url');

/** A new device cookie value for an account: a random name and its MAC, bound to the account. */
export function deviceCookieFor(secret: string, account: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${deviceMac(secret, account, nonce)}`;
}

/** The browser's name when its device cookie was made for this account; else null. */
export function knownDevice(secret: string, account: string, cookie: string | undefined): string | null {
  if (!cookie || cookie.length > 100) return null;
  const [nonce = '', mac = ''] = cookie.split('.');
  const expected = Buffer.from(deviceMac(secret, account, nonce));
  const actual = Buffer.from(mac);
  return nonce && expected.length === actual.length && timingSafeEqual(expected, actual) ? nonce : null;
}

/** A sign-in attempt let through: what to give back if the password is right. */
export interface SignInAttempt {
  wait: number;
  account: string;
  source: string;
  /** The browser signed in to this account before. */
  known: boolean;
}

/**
 * Counts a password attempt for an account before it is checked: against its source (the
 * browser if it is known to the account, else the address), and, for a browser the account
 * does not know, against the account's ceiling. `wait` > 0: refused, nothing counted.
 */
export async function takePasswordAttempt(
  db: Kysely<Database>,
  secret: string,
  email: string,
  origin: AttemptOrigin,
): Promise<SignInAttempt> {
  const account = attemptSubject(email);
  const device = knownDevice(secret, account, origin.device);
  const source = device ? `device:${device}` : `address:${addressKey(origin.address)}`;
  const attempt = { account, source, known: device !== null };
  const wait = await takeAttempt(db, SIGN_IN_PER_SOURCE, attempt);
  if (wait > 0 || attempt.known) return { ...attempt, wait };
  const ceiling = await takeAttempt(db, SIGN_IN_PER_ACCOUNT, { account });
  if (ceiling > 0) await giveBackAttempt(db, SIGN_IN_PER_SOURCE, attempt);
  return { ...attempt, wait: ceiling };
}

/** The password was right: the source's count is forgotten, and the attempt given back. */
export async function passwordWasRight(db: Kysely<Database>, attempt: SignInAttempt): Promise<void> {
  await forgetAttempts(db, SIGN_IN_PER_SOURCE, attempt);
  if (!attempt.known) await giveBackAttempt(db, SIGN_IN_PER_ACCOUNT, { account: attempt.account });
}

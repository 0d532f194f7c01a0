import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../core/config.js';
import type { Database } from '../../core/db/types.js';
import type { NotificationDelivery } from '../../core/module.js';
import { declaredKinds, kindsDelivered, ownChoices, saveChoices, type DeclaredKind } from './notifications.delivery.js';

/**
 * One-click unsubscribe (RFC 8058): every notification mail carries a link whose token names the
 * person and what it stops, signed with the installation's secret (`URBIS_SECRET`; the HMAC of
 * `notifications.unsubscribe:<person>:<scope>`, so that it signs nothing else of the site). The
 * scope is a kind of notification (an immediate mail stops its kind) or `daily` / `weekly` (a
 * digest stops the kinds it gathers). Nobody can make one for another person, nor change a token's
 * person or scope without breaking its signature. Tokens do not expire: a mail read months later
 * still unsubscribes.
 */
export type UnsubscribeScope = string;

/** The scopes that stand for a digest rather than a kind (kinds always hold a dot). */
export const DIGEST_SCOPES: readonly NotificationDelivery[] = ['daily', 'weekly'];

const sign = (config: Pick<Config, 'secret'>, userId: number, scope: string) =>
  createHmac('sha256', config.secret).update(`notifications.unsubscribe:${userId}:${scope}`).digest('base64url');

/** The token of an unsubscribe link: `<person>~<scope>~<signature>` (unreserved URL characters only). */
export function unsubscribeToken(config: Pick<Config, 'secret'>, userId: number, scope: UnsubscribeScope): string {
  return `${userId}~${scope}~${sign(config, userId, scope)}`;
}

/** The address of an unsubscribe link, in the person's language. */
export function unsubscribeUrl(
  config: Pick<Config, 'secret' | 'baseUrl'>,
  locale: string,
  userId: number,
  scope: UnsubscribeScope,
): string {
  return `${config.baseUrl}/${locale}/notifications/unsubscribe/${unsubscribeToken(config, userId, scope)}`;
}

/** The headers that let a mail client unsubscribe in one click (RFC 8058, and RFC 2369's link). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** A token's person and scope when its signature holds; null for anything else (never an error). */
export function readUnsubscribeToken(
  config: Pick<Config, 'secret'>,
  token: string,
): { userId: number; scope: UnsubscribeScope } | null {
  const match = /^([0-9]{1,10})~([A-Za-z0-9._-]{1,200})~([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const scope = match[2]!;
  if (!Number.isSafeInteger(userId) || userId < 1 || userId > 2_147_483_647) return null;
  const expected = Buffer.from(sign(config, userId, scope));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, scope };
}

/**
 * The kinds an unsubscribe link turns to `never` for its person, now: its kind, or every kind the
 * digest gathers for them (none, when they stopped them all already).
 */
export async function kindsToStop(
  db: Kysely<Database>,
  kinds: ReadonlyMap<string, DeclaredKind>,
  userId: number,
  scope: UnsubscribeScope,
): Promise<string[]> {
  if (!(DIGEST_SCOPES as readonly string[]).includes(scope)) return [scope];
  return kindsDelivered(kinds, await ownChoices(db, userId), scope as NotificationDelivery);
}

/** Turns the kinds to `never` for the person (one transaction); the same link used twice changes nothing more. */
export async function stopKinds(
  db: Kysely<Database>,
  modules: Parameters<typeof declaredKinds>[0],
  userId: number,
  stopped: readonly string[],
): Promise<void> {
  await saveChoices(db, declaredKinds(modules), userId, new Map(stopped.map((k) => [k, 'never' as const])));
}

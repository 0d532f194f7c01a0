import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { deleteMailToken, deleteMailTokensOf, findMailToken, insertMailToken } from './accounts.queries.js';
import type { MailTokenPurpose } from './accounts.schema.js';

const HOUR = 3_600_000;

/** How long a mailed link works: a reset link briefly, an address confirmation for two days. */
export const LINK_LIFETIME_MS: Record<MailTokenPurpose, number> = {
  confirm: 48 * HOUR,
  email: 48 * HOUR,
  reset: 1 * HOUR,
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Makes a one-time link token for a person and stores only its hash. Only the newest link of
 * a purpose works: asking again makes the earlier mail's link useless.
 */
export async function issueLink(
  db: Kysely<Database>,
  userId: number,
  purpose: MailTokenPurpose,
  newEmail?: string,
): Promise<string> {
  await deleteMailTokensOf(db, userId, purpose);
  const token = randomBytes(32).toString('base64url');
  await insertMailToken(db, {
    userId,
    purpose,
    tokenHash: hashToken(token),
    newEmail: newEmail ?? null,
    expiresAt: new Date(Date.now() + LINK_LIFETIME_MS[purpose]).toISOString(),
  });
  return token;
}

export type Link = NonNullable<Awaited<ReturnType<typeof findMailToken>>>;

/** The live link for a token, if it is one of `purposes` and has not expired or been used. */
export async function findLink(
  db: Kysely<Database>,
  token: string,
  purposes: readonly MailTokenPurpose[],
): Promise<Link | null> {
  const link = await findMailToken(db, hashToken(token));
  if (!link || !purposes.includes(link.purpose)) return null;
  if (Date.parse(link.expires_at) <= Date.now()) {
    await deleteMailToken(db, link.id);
    return null;
  }
  return link;
}

/** Uses a link up; false when another request used it first. */
export async function useLink(db: Kysely<Database>, link: Link): Promise<boolean> {
  return deleteMailToken(db, link.id);
}

import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/auth/actor.js';
import { fromFlag } from '../../core/db/dialect.js';
import type { ModuleContext } from '../../core/module.js';
import {
  deleteAccessToken,
  findAccessToken,
  insertAccessToken,
  listAccessTokens,
  touchAccessToken,
} from './accounts.queries.js';

/** Every token starts with this, so that secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'urbis_';
/** How much of a token is kept in clear and shown in the list: the prefix and 8 characters. */
const VISIBLE = TOKEN_PREFIX.length + 8;
/** "Last used" is written at most this often, so that API reads do not all write. */
const TOUCH_EVERY_MS = 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Makes a token for a person; the token itself is returned once and never stored. */
export async function createAccessToken(
  ctx: ModuleContext,
  userId: number,
  name: string,
): Promise<{ id: number; token: string; prefix: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, VISIBLE);
  const id = await insertAccessToken(ctx.db, { userId, name: name.trim(), prefix, tokenHash: hashOf(token) });
  return { id, token, prefix };
}

export interface AccessTokenSummary {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function listTokens(ctx: ModuleContext, userId: number): Promise<AccessTokenSummary[]> {
  const rows = await listAccessTokens(ctx.db, userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes one of the person's own tokens; false when it is not theirs or already gone. */
export const revokeToken = (ctx: ModuleContext, userId: number, id: number) => deleteAccessToken(ctx.db, userId, id);

/** The actor a bearer token stands for; null for an unknown or revoked token or a deleted account. */
export async function actorForToken(ctx: ModuleContext, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await findAccessToken(ctx.db, hashOf(token));
  if (!row) return null;
  if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS)
    await touchAccessToken(ctx.db, row.token_id);
  return {
    kind: 'user',
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    isAdmin: fromFlag(row.is_admin),
    locale: row.locale,
    timeZone: row.time_zone,
  };
}

import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { KeptValues } from '../kept-values.js';
import { DATA_VERSION_COLUMN } from '../db/data-version.js';
import { nowIso } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared.js';
import type { Database } from '../db/types.js';
import { cookieName, cookieOptions } from './cookies.js';

const DAY_MS = 86_400_000;
/**
 * last_seen_at is refreshed at most this often, so reading pages does not write: a session
 * ends between `URBIS_SESSION_IDLE_DAYS` and that plus an hour after it was last used (the
 * idle limit is counted in days, so an hour is precise enough and costs one write an hour).
 */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database does not yield usable cookies. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  /** When the person last gave their password in this session (sign-in, or again for a sensitive setting). */
  authenticated_at: string | null;
}

declare module '../db/types.js' {
  interface Database {
    core_sessions: SessionTable;
  }
}

export interface Session {
  id: string;
  userId: number;
  createdAt: string;
  /** When the person last gave their password in this session. */
  authenticatedAt: string;
  /** The data version read with the session, before anything else of the request (`db/data-version.ts`). */
  dataVersion: number;
  /**
   * Until when (ms) this session stays as it was read, unless it is written: the earliest of its
   * expiry, its idle and its absolute limit, and the time its `last_seen_at` is next refreshed.
   */
  unchangedUntil: number;
}

/** A session as its owner sees it in a list; `id` is the stored hash, never the cookie. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

/** Asked on every signed-in request, with the data version: compiled once. */
const sessionById = preparedQuery((db: Kysely<Database>, id: string) =>
  db.selectFrom('core_sessions').selectAll().select(DATA_VERSION_COLUMN.as('data_version')).where('id', '=', id),
);

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');
/**
 * The stored id of a session cookie: SHA-256, kept for the cookies seen lately (a few thousand
 * at most; hashing on every signed-in request cost ~7 µs). Memory holds these cookies while
 * their requests are served anyway; the database holds only hashes.
 */
const hashes = new KeptValues<string>(5000);
const hash = (token: string): string => hashes.get(token, () => sha256(token));

/** Sessions kept in the database, so any node of a cluster can serve any request. */
export class SessionStore {
  readonly cookie: string;
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
  ) {
    this.cookie = cookieName(config, 'urbis_session');
  }

  /** The live session named by the request's cookie, or null. */
  async load(request: FastifyRequest): Promise<Session | null> {
    const token = request.cookies[this.cookie];
    if (!token || token.length > 100) return null;
    const id = hash(token);
    const [row] = await sessionById(this.db, id);
    if (!row) return null;
    const now = Date.now();
    const lastSeen = Date.parse(row.last_seen_at);
    // Ended: past its expiry, idle too long, or signed in longer ago than the whole allows
    // (which catches sessions made before the limit was lowered).
    if (this.endOf(row) <= now) {
      await this.db.deleteFrom('core_sessions').where('id', '=', id).execute();
      return null;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) {
      await this.db.updateTable('core_sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
    }
    return this.sessionOf(row);
  }

  /**
   * The session a cookie's value names, read fresh with the data version, as it is now; null
   * when there is none or it has ended. Writes nothing (the lane for signed-in readers asks it;
   * a session that has ended or needs its `last_seen_at` refreshed goes the whole way).
   */
  async peek(token: string): Promise<Session | null> {
    if (token.length > 100) return null;
    const [row] = await sessionById(this.db, hash(token));
    if (!row) return null;
    const session = this.sessionOf(row);
    return session.unchangedUntil > Date.now() ? session : null;
  }

  /** When a session ends by its limits (ms). */
  private endOf(row: SessionTable): number {
    return Math.min(
      Date.parse(row.expires_at),
      Date.parse(row.last_seen_at) + this.config.sessionIdleDays * DAY_MS,
      Date.parse(row.created_at) + this.config.sessionMaxDays * DAY_MS,
    );
  }

  private sessionOf(row: SessionTable & { data_version: number | string }): Session {
    return {
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at,
      authenticatedAt: row.authenticated_at ?? row.created_at,
      dataVersion: Number(row.data_version),
      unchangedUntil: Math.min(this.endOf(row), Date.parse(row.last_seen_at) + TOUCH_EVERY_MS),
    };
  }

  /**
   * Starts a new session for `userId` and sets its cookie. Any session the request came
   * with is ended first: the id always changes at sign-in (no session fixation).
   */
  async start(request: FastifyRequest, reply: FastifyReply, userId: number): Promise<Session> {
    await this.end(request, reply);
    const token = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    // Nothing is kept for a session that has just begun: the lane needs a version read before the page.
    const session: Session = {
      id: hash(token),
      userId,
      createdAt: now,
      authenticatedAt: now,
      dataVersion: -1,
      unchangedUntil: 0,
    };
    await this.db
      .insertInto('core_sessions')
      .values({
        id: session.id,
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(Date.parse(now) + this.config.sessionMaxDays * DAY_MS).toISOString(),
        user_agent: request.headers['user-agent']?.slice(0, 300) ?? null,
        authenticated_at: now,
      })
      .execute();
    reply.setCookie(this.cookie, token, cookieOptions(this.config, this.config.sessionMaxDays * 86_400));
    return session;
  }

  /** The person gave their password again in this session (for a sensitive setting). */
  async markAuthenticated(sessionId: string): Promise<void> {
    await this.db
      .updateTable('core_sessions')
      .set({ authenticated_at: nowIso() })
      .where('id', '=', sessionId)
      .execute();
  }

  /** Ends the request's session in the database, so the old cookie is useless, and clears it. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = request.cookies[this.cookie];
    if (token) await this.db.deleteFrom('core_sessions').where('id', '=', hash(token)).execute();
    if (token) reply.clearCookie(this.cookie, cookieOptions(this.config));
  }

  /** A user's live sessions, the most recently used first ("your sessions", "download my data"). */
  async listFor(userId: number): Promise<SessionInfo[]> {
    const rows = await this.db
      .selectFrom('core_sessions')
      .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', nowIso())
      .where('last_seen_at', '>', new Date(Date.now() - this.config.sessionIdleDays * DAY_MS).toISOString())
      .where('created_at', '>', new Date(Date.now() - this.config.sessionMaxDays * DAY_MS).toISOString())
      .orderBy('last_seen_at', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      userAgent: r.user_agent,
    }));
  }

  /** Ends every session of a user (after a password change, or "sign out elsewhere"). */
  async endAllFor(userId: number, except?: string): Promise<void> {
    let query = this.db.deleteFrom('core_sessions').where('user_id', '=', userId);
    if (except) query = query.where('id', '!=', except);
    await query.execute();
  }
}

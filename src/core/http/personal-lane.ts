import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Session } from './session.js';

/** Marks a request app.ts's server already tried to answer from the lane. */
export const LANE_TRIED = Symbol('laneTried');

/** A signed-in reader's page as it was sent, with what it was true for. */
interface LaneEntry {
  /** Response headers, name, value, name, value… (without Content-Length, worked out per answer). */
  readonly headers: string[];
  readonly body: Buffer;
  /** The session it was made for (the stored hash), and when its person last gave their password. */
  readonly sessionId: string;
  readonly authenticatedAt: string;
  /** The data version read before the page was made. */
  readonly version: number;
  /** The page cache's generation when it was made: a write this node made or heard since ends it. */
  readonly generation: number;
  /** Not served from this time on (ms): the clock buckets it used, its session's limits, the lane's own. */
  readonly expires: number;
  readonly bytes: number;
}

export interface PersonalLaneOptions {
  /** How long an entry may be served at most, in seconds; 0 turns the lane off. */
  seconds: number;
  /** Memory for the entries, in bytes. */
  maxBytes: number;
  /** The session cookie's name. */
  sessionCookie: string;
  /** The session a cookie's value names, read fresh with the data version (`SessionStore.peek`). */
  peek(token: string): Promise<Session | null>;
  /** The page cache's generation: it changes with every write this node makes or hears of. */
  generation(): number;
  /** The clock (tests move it). */
  now?: () => number;
}

/** What `store` needs from the request that made the page. */
export interface LaneTicket {
  readonly key: string;
  readonly session: Session;
  readonly generation: number;
}

/**
 * The lane for signed-in readers: a page a signed-in reader asked for is kept per address,
 * session and the request headers a page may depend on, and the next time the same reader asks
 * for it, it is sent before Fastify runs — once the database has said, in one read, that the
 * session is still live and the data version has not moved since the page was made.
 *
 * The data version (`db/data-version.ts`) moves with every committed write to any table a page
 * may show, from any node: so whatever the page read fresh (the person, their roles, an item's
 * visibility, their unread notifications) and whatever it read from the shared memo is as it
 * was. Who may see what is still read from the database on every request, as one number, not
 * from this node's memory: several nodes serve one site, and a node that has not yet heard of
 * another's write still sees the version move. Besides, an entry ends with this node's page
 * cache (any write it makes or hears of), with the time buckets of clock-dependent values it
 * shows, and before its session must be refreshed or ends.
 *
 * Only pages that opt in are kept (`pageRoute`'s pages and JSON twins, unless `cache: false`),
 * only `200`s that set no cookie, only for sessions (not tokens).
 */
export class PersonalLane {
  private readonly entries = new Map<string, LaneEntry>();
  private bytes = 0;
  private seenGeneration: number;
  private readonly now: () => number;
  private readonly enabled: boolean;
  private readonly marker: string;
  hits = 0;

  constructor(private readonly options: PersonalLaneOptions) {
    this.now = options.now ?? Date.now;
    this.enabled = options.seconds > 0 && options.maxBytes > 0;
    this.marker = `${options.sessionCookie}=`;
    this.seenGeneration = options.generation();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The key of a signed-in reader's GET or HEAD: the address and every request header a kept
   * page may depend on (the cookies whole, the languages and encodings accepted, the host), or
   * null when the request has no session cookie or carries a token.
   */
  keyOf(request: IncomingMessage): { key: string; token: string } | null {
    if (!this.enabled || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
    const raw = request.rawHeaders;
    let cookie: string | undefined;
    let rest = '';
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      if (name === 'authorization') return null;
      if (name === 'cookie') cookie = cookie === undefined ? raw[i + 1]! : `${cookie}; ${raw[i + 1]!}`;
      else if (name === 'accept' || name === 'accept-encoding' || name === 'accept-language' || name === 'host')
        rest += `\n${name}:${raw[i + 1]!}`;
    }
    const token = cookie === undefined ? null : tokenIn(cookie, this.marker);
    if (token === null) return null;
    return { key: `${request.url ?? ''}\n${cookie}${rest}`, token };
  }

  /**
   * Answers the request from the lane when it can: false at once when nothing is kept for it,
   * else a promise of whether it did (after the one read of the session and the data version).
   */
  tryServe(request: IncomingMessage, response: ServerResponse): false | Promise<boolean> {
    if (this.entries.size === 0) return false;
    this.forgetIfWritten();
    const asked = this.keyOf(request);
    if (asked === null) return false;
    const { key, token } = asked;
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.expires <= this.now()) {
      this.remove(key);
      return false;
    }
    return this.options.peek(token).then((session) => {
      if (
        !session ||
        session.id !== entry.sessionId ||
        session.dataVersion !== entry.version ||
        session.authenticatedAt !== entry.authenticatedAt ||
        entry.generation !== this.options.generation()
      ) {
        this.remove(key);
        return false;
      }
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, entry);
      response.writeHead(200, [...entry.headers, 'Content-Length', String(entry.body.length)]);
      response.end(request.method === 'HEAD' ? undefined : entry.body);
      return true;
    });
  }

  /** What a request that may be kept needs to note before its page is made; null when it may not be. */
  ticketFor(request: IncomingMessage, session: Session | null, generation: number): LaneTicket | null {
    if (!session || session.dataVersion < 0 || request.method !== 'GET') return null;
    const asked = this.keyOf(request);
    return asked === null ? null : { key: asked.key, session, generation };
  }

  /**
   * Keeps a page as it is sent, unless something it may show changed since its request began
   * (a write this node made or heard of: the generation), or it would not be served anyway.
   * `until`: the end of the time bucket of what it shows that depends on the clock.
   */
  store(ticket: LaneTicket, headers: string[], body: Buffer, until: number): void {
    this.forgetIfWritten();
    const now = this.now();
    const expires = Math.min(now + this.options.seconds * 1000, until, ticket.session.unchangedUntil);
    const bytes = body.length + ticket.key.length * 2 + 256;
    if (ticket.generation !== this.options.generation() || expires <= now || bytes > this.options.maxBytes / 8) return;
    this.remove(ticket.key);
    this.entries.set(ticket.key, {
      headers,
      body,
      sessionId: ticket.session.id,
      authenticatedAt: ticket.session.authenticatedAt,
      version: ticket.session.dataVersion,
      generation: ticket.generation,
      expires,
      bytes,
    });
    this.bytes += bytes;
    for (const [key, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
  }

  /** Everything kept is forgotten once this node wrote or heard of a write (the memory, not only the use). */
  private forgetIfWritten(): void {
    const generation = this.options.generation();
    if (generation === this.seenGeneration) return;
    this.seenGeneration = generation;
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }
}

/**
 * Notes that this signed-in reader's page (or JSON) may be sent again from the lane
 * (`personal-lane.ts`) while nothing changes: called by `pageRoute` before it reads anything
 * for the page; `clock` is `clockWatch.mark()` from the same moment.
 */
export function keepForReader(request: FastifyRequest, clock: number): void {
  const ticket = request.server.personalLane.ticketFor(request.raw, request.session, request.pageGeneration);
  request.laneTicket = ticket ? { ...ticket, clock } : null;
}

/** The value of the first cookie named by `marker` (`name=`) in a Cookie header, or null. */
function tokenIn(cookie: string, marker: string): string | null {
  let at = 0;
  for (;;) {
    const found = cookie.indexOf(marker, at);
    if (found < 0) return null;
    if (found === 0 || cookie[found - 1] === ' ' || cookie[found - 1] === ';') {
      const end = cookie.indexOf(';', found);
      const value = cookie.slice(found + marker.length, end < 0 ? undefined : end).trim();
      return value === '' ? null : value;
    }
    at = found + marker.length;
  }
}

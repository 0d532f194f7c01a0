import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { acceptedEncoding, COMPRESS_FROM } from './encoding.js';

/** One page as rendered for visitors, ready to send in each encoding. */
interface Entry {
  readonly etag: string;
  readonly identity: Buffer;
  readonly br: Buffer | null;
  readonly gzip: Buffer | null;
  readonly expires: number;
  readonly bytes: number;
  /** The response headers for each answer, worked out once: name, value, name, value… */
  readonly headers: { identity: string[]; br: string[] | null; gzip: string[] | null; notModified: string[] };
}

export interface PageCacheOptions {
  /** How long an entry may be served, in seconds; 0 turns the cache off. */
  seconds: number;
  /** Memory for the entries, in bytes (all three encodings count). */
  maxBytes: number;
  /** The session cookie's name: a request that carries it is never answered from the cache. */
  sessionCookie: string;
  /** Headers every response carries (the security headers). */
  headers: readonly (readonly [string, string])[];
  /** The clock (tests move it). */
  now?: () => number;
}

const CACHE_CONTROL = 'no-cache';
const VARY = 'Accept-Encoding, Cookie';

/**
 * Rendered pages for visitors, per address (the language is part of it), in memory.
 *
 * A route opts in (`pageRoute({ cache: true })`); its page is stored when a visitor without
 * a session asks for it, and the next visitors get the stored bytes (Brotli, gzip or plain)
 * with an `ETag`, or a `304` when their copy is current, before routing, hooks or the
 * database. Signed-in readers never see a stored page, and never fill one.
 *
 * Every successful write (a POST, PUT, PATCH or DELETE that did not fail) empties the cache,
 * and so does every write another node announces (`db/other-nodes.ts`, within a second), so a
 * page is never older than the last change; entries also expire after `seconds`, and no later
 * than the time bucket of what they show that depends on the clock (a scheduled post whose
 * time comes). A render that began before a write is not stored (the generation check).
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private generationCounter = 0;
  private readonly now: () => number;
  private readonly sessionMarker: string;
  private readonly enabled: boolean;
  hits = 0;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
    this.sessionMarker = `${options.sessionCookie}=`;
    this.enabled = options.seconds > 0 && options.maxBytes > 0;
  }

  /** Changes whenever the cache is emptied: a render stores its page only if it has not changed since it began. */
  get generation(): number {
    return this.generationCounter;
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when this request may be answered from, or fill, the cache: GET or HEAD, no session, no token. */
  eligible(request: IncomingMessage, asked: Asked = askedOf(request)): boolean {
    if (!this.enabled) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (asked.authorization) return false;
    return asked.cookie === undefined || !asked.cookie.includes(this.sessionMarker);
  }

  /** Forgets every page (after a write). */
  invalidate(): void {
    this.generationCounter++;
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * Keeps `html` as the page at `url`, unless the cache was emptied since `generation` was
   * read (the page may show what a write has since changed); kept no later than `until` (ms:
   * the end of the time bucket of what it shows that depends on the clock). Returns the entry either way,
   * so that this request is answered with the same bytes, ETag and headers as later ones.
   */
  store(url: string, html: string, generation: number, until = Infinity): Entry {
    const identity = Buffer.from(html);
    const big = identity.length >= COMPRESS_FROM;
    const br = big
      ? brotliCompressSync(identity, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length },
        })
      : null;
    const gzip = big ? gzipSync(identity, { level: 6 }) : null;
    const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
    const bytes = identity.length + (br?.length ?? 0) + (gzip?.length ?? 0) + url.length;
    const expires = Math.min(this.now() + this.options.seconds * 1000, until);
    const common = [...this.options.headers.flat(), 'Cache-Control', CACHE_CONTROL, 'Vary', VARY, 'ETag', etag];
    const answer = (body: Buffer, encoding?: string) => [
      ...common,
      ...(encoding ? ['Content-Encoding', encoding] : []),
      'Content-Type',
      'text/html; charset=utf-8',
      'Content-Length',
      String(body.length),
    ];
    const headers = {
      identity: answer(identity),
      br: br ? answer(br, 'br') : null,
      gzip: gzip ? answer(gzip, 'gzip') : null,
      notModified: common,
    };
    const entry: Entry = { etag, identity, br, gzip, expires, bytes, headers };
    const stale = generation !== this.generationCounter || expires <= this.now();
    if (!this.enabled || stale || bytes > this.options.maxBytes / 4) return entry;
    this.remove(url);
    this.entries.set(url, entry);
    this.bytes += bytes;
    // Oldest first: a Map iterates in insertion order, and a hit re-inserts its entry.
    for (const [key, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    return entry;
  }

  /** Answers the request from the cache when it can; true when it did. */
  tryServe(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    const entry = this.entries.get(url);
    if (!entry) return false;
    const asked = askedOf(request);
    if (!this.eligible(request, asked)) return false;
    if (entry.expires <= this.now()) {
      this.remove(url);
      return false;
    }
    // Recently used entries move to the end, so the least used go first.
    this.entries.delete(url);
    this.entries.set(url, entry);
    this.hits++;
    this.send(entry, request, response, asked);
    return true;
  }

  /** Writes `entry` as the answer: 304 when the reader's copy is current, else the best encoding it accepts. */
  send(entry: Entry, request: IncomingMessage, response: ServerResponse, asked: Asked = askedOf(request)): void {
    if (matches(asked.ifNoneMatch, entry.etag)) {
      response.writeHead(304, entry.headers.notModified);
      response.end();
      return;
    }
    const encoding = acceptedEncoding(asked.acceptEncoding);
    const coded = encoding ? entry[encoding] : null;
    const body = coded ?? entry.identity;
    // Written in one go (headers worked out once, as an array): the cheapest way Node has.
    response.writeHead(200, (coded && encoding ? entry.headers[encoding] : null) ?? entry.headers.identity);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  private remove(url: string): void {
    const old = this.entries.get(url);
    if (!old) return;
    this.entries.delete(url);
    this.bytes -= old.bytes;
  }
}

/** The request headers the cache looks at. */
interface Asked {
  authorization: boolean;
  cookie: string | undefined;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

/**
 * The headers the cache looks at, read from the raw list: Node builds `request.headers` on
 * first use, which costs more than the cache's whole answer (a request answered here never
 * needs it). Repeated headers are joined as Node would join them.
 */
function askedOf(request: IncomingMessage): Asked {
  const asked: Asked = { authorization: false, cookie: undefined, acceptEncoding: undefined, ifNoneMatch: undefined };
  const raw = request.rawHeaders;
  if (!raw) {
    const { headers } = request;
    return {
      authorization: headers.authorization !== undefined,
      cookie: headers.cookie,
      acceptEncoding: headers['accept-encoding'],
      ifNoneMatch: headers['if-none-match'],
    };
  }
  const join = (before: string | undefined, value: string, by: string) =>
    before === undefined ? value : `${before}${by}${value}`;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    switch (name.length) {
      case 6:
        if (name.toLowerCase() === 'cookie') asked.cookie = join(asked.cookie, value, '; ');
        break;
      case 13:
        if (name.toLowerCase() === 'authorization') asked.authorization = true;
        else if (name.toLowerCase() === 'if-none-match') asked.ifNoneMatch = join(asked.ifNoneMatch, value, ', ');
        break;
      case 15:
        if (name.toLowerCase() === 'accept-encoding') asked.acceptEncoding = join(asked.acceptEncoding, value, ', ');
        break;
    }
  }
  return asked;
}

/** RFC 9110 If-None-Match: `*`, or a list of tags compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type, { type TInteger, type TString } from 'typebox';
import { HttpError } from './http-error.js';
import { UploadedFile } from './multipart.js';

/**
 * What the application takes from a request, checked one way for every route: ids, cursors
 * and limits (numbers a database can hold, or a 404 / 400), and text (well-formed, without
 * NUL; names, titles, tags and slugs without invisible characters).
 */

/** The largest id a table holds (PostgreSQL's `integer`, 2³¹−1): a larger one is never looked for. */
export const MAX_ID = 2_147_483_647;

/**
 * A request refused for one of its parts: where (`/query/after`, `/body/title`), for the
 * problem document's `errors`. A path parameter is a 404 (there is no such page).
 */
export class InvalidInput extends HttpError {
  constructor(
    statusCode: 400 | 404,
    messageKey: string,
    readonly pointer: string,
    values?: Record<string, string | number>,
  ) {
    super(statusCode, messageKey, values);
    this.name = 'InvalidInput';
  }
}

/** A query parameter that is not what the route takes: 400, naming it. */
export const badParameter = (name: string): InvalidInput =>
  new InvalidInput(400, 'core.error.badParameter', `/query/${name}`, { name });

// ---------------------------------------------------------------------------------------------
// Numbers

/** Schema of an id (path, query or body): an integer from 1 to 2³¹−1. */
export const Id = (options: { description?: string } = {}): TInteger =>
  Type.Integer({ minimum: 1, maximum: MAX_ID, ...options });

/** Schema of `?limit=`: an integer from 1 to `max`. */
export const Limit = (max: number, options: { description?: string } = {}): TInteger =>
  Type.Integer({ minimum: 1, maximum: max, ...options });

/**
 * The body of a write that takes nothing (an empty object, or no body). A form's `_csrf` is
 * named: a schema that forbids other fields would strip it before the CSRF check reads it, and a
 * session's form post would get a 403.
 */
export const NoBody = Type.Object(
  { _csrf: Type.Optional(Type.String({ description: 'The form token, for a session without `X-CSRF-Token`.' })) },
  { additionalProperties: false, description: 'Nothing: an empty object, or no body.' },
);

/**
 * An id as a number, from a number or from its decimal digits (leading zeros allowed); null for
 * anything else: 0, negatives, fractions, exponents, `Infinity`, `NaN`, more than 2³¹−1, text.
 */
export function toId(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 1 && raw <= MAX_ID ? raw : null;
  if (typeof raw !== 'string' || !/^[0-9]{1,12}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

/** The id of a path parameter; anything that cannot be one is "not found". */
export function pathId(raw: unknown, name = 'id'): number {
  const id = toId(raw);
  if (id === null) throw new InvalidInput(404, 'core.error.notFound', `/params/${name}`);
  return id;
}

/** The id of an optional query parameter (absent or empty: undefined); anything else is a 400 naming it. */
export function queryId(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = toId(raw);
  if (id === null) throw badParameter(name);
  return id;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Bidirectional controls: embeddings, overrides, isolates and the marks (LRM, RLM, ALM). */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** Characters that take no room: zero-width space and non-joiner, word joiner, invisible operators, BOM. */
const ZERO_WIDTH = '\\u200b\\u200c\\u2060-\\u2064\\u206a-\\u206f\\ufeff';
const INVISIBLE = new RegExp(`[${BIDI}${ZERO_WIDTH}]`, 'gu');
/**
 * The zero-width joiner stays only inside an emoji sequence (👩‍💻, 🏳️‍🌈, 👩🏽‍🚒): between two
 * pictographs, the first perhaps with its variation selector or skin tone.
 */
const LOOSE_JOINER =
  /(?<!\p{Extended_Pictographic}(?:\u{fe0f}|\p{Emoji_Modifier})?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/**
 * A name, title, tag or slug as kept: without bidirectional controls and zero-width characters,
 * which could make it look like another (`Demo\u200bAdministrator`) or turn the text around it.
 */
export const cleanLine = (text: string): string => text.replace(INVISIBLE, '').replace(LOOSE_JOINER, '');

/** NUL, or half of a surrogate pair without its other half (what `String.prototype.isWellFormed` finds). */
const BROKEN = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** True for text a database can store as it is: well-formed (no lone surrogate) and without NUL. */
export const storableText = (text: string): boolean => !BROKEN.test(text);

const LINE = Symbol.for('urbis.text.line');

/**
 * Schema of a one-line text that names something (a name, title, tag, slug): `validateForm`
 * strips the invisible characters of `cleanLine` before checking its length. Documented and
 * validated by Fastify as a plain string.
 */
export const Line = (options: Parameters<typeof Type.String>[0] = {}): TString =>
  Type.String({ ...options, [LINE]: true } as Parameters<typeof Type.String>[0]);

/** True for a schema made by `Line`. */
export const isLine = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && (schema as Record<symbol, unknown>)[LINE] === true;

// ---------------------------------------------------------------------------------------------
// Every request

/** What is wrong in a parsed part of a request, as a JSON pointer below it; null when nothing is. */
function findProblem(value: unknown, numbers: 'any' | 'ids'): { pointer: string; kind: 'text' | 'number' } | null {
  // Iterative, so that deeply nested JSON cannot exhaust the stack.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, pointer] = stack.pop()!;
    if (typeof item === 'string') {
      if (!storableText(item)) return { pointer, kind: 'text' };
    } else if (typeof item === 'number') {
      // Fastify's schema check turns `Infinity` and `1e400` into numbers it does not range-check.
      if (!Number.isFinite(item) || (numbers === 'ids' && Math.abs(item) > MAX_ID)) return { pointer, kind: 'number' };
    } else if (Array.isArray(item)) {
      item.forEach((v, i) => stack.push([v, `${pointer}/${i}`]));
    } else if (
      item !== null &&
      typeof item === 'object' &&
      !ArrayBuffer.isView(item) &&
      !(item instanceof UploadedFile)
    ) {
      // Plain objects and the parsers' prototype-less ones. (An uploaded file's name is cleaned
      // for showing where it is kept: `cleanFileName`.)
      for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
        if (!storableText(key)) return { pointer, kind: 'text' };
        stack.push([v, `${pointer}/${key}`]);
      }
    }
  }
  return null;
}

/** Decimal digits, as a whole number is written in an address. */
const WHOLE = /^-?[0-9]+$/;

/**
 * The name of a parameter the route's schema made a number of although the address did not
 * write a whole number (`1.99999999999999999999` is read as 2, `0x10` as 16); null when none.
 */
function notWritten(request: FastifyRequest, where: 'params' | 'query'): string | null {
  const parsed = (where === 'params' ? request.params : request.query) as Record<string, unknown> | undefined;
  if (!parsed || !Object.values(parsed).some((v) => typeof v === 'number')) return null;
  const raw = new Map<string, string>();
  const [path = '', search = ''] = (request.raw.url ?? '').split('?', 2);
  if (where === 'query') for (const [key, value] of new URLSearchParams(search)) raw.set(key, value);
  else {
    // The route's address and the request's, segment by segment: `/:id` gives its raw text.
    const pattern = (request.routeOptions.url ?? '').split('/');
    const segments = path.split('/');
    if (pattern.length === segments.length)
      pattern.forEach((part, i) => {
        if (/^:[A-Za-z_]+$/.test(part)) raw.set(part.slice(1), safeDecode(segments[i] ?? ''));
      });
  }
  for (const [key, value] of Object.entries(parsed))
    if (typeof value === 'number' && raw.has(key) && !WHOLE.test(raw.get(key)!)) return key;
  return null;
}

const slash = (name: string | null): string | null => (name === null ? null : `/${name}`);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Before every handler (after the route's policy and CSRF check): a path parameter with NUL,
 * a broken character or a number out of range is "not found"; such a query parameter is a 400
 * naming it; such text anywhere in the body is a 400 (the form cannot be stored). Numbers in the
 * address are at most 2³¹−1 in size, whatever the route's schema says, so PostgreSQL never sees
 * a larger one.
 */
export function registerInputRules(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.is404) return done();
    const params = findProblem(request.params, 'ids')?.pointer ?? slash(notWritten(request, 'params'));
    if (params !== null) return done(new InvalidInput(404, 'core.error.notFound', `/params${params}`));
    const query = findProblem(request.query, 'ids')?.pointer ?? slash(notWritten(request, 'query'));
    if (query !== null) {
      const name = (query.split('/')[1] ?? '').slice(0, 40) || '?';
      return done(new InvalidInput(400, 'core.error.badParameter', `/query${query}`, { name }));
    }
    const body = findProblem(request.body, 'any');
    if (body) return done(new InvalidInput(400, 'core.error.badText', `/body${body.pointer}`));
    done();
  });
}

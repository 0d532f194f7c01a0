import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import Type, { type TSchema } from 'typebox';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import type { ModuleContext, UrbisModule } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';
import type { Standing } from '../partnerships/index.js';

/**
 * Where a post is written or read, as a relation needs to know it: its partnership, and the
 * standing in it of whoever writes or reads (read fresh on this request).
 */
export interface PostPlace {
  partnershipId: number;
  /** Its address (`/partnerships/{slug}`). */
  partnershipSlug: string;
  standing: Standing;
}

/** One choice of a relation's field on the post form: its value as the form sends it, and its text. */
export interface RelationChoice {
  value: string;
  label: string;
}

/** What a relation says a post is related to, for one reader: its JSON value and the line on the post page. */
export interface RelationShown {
  /** The value in the post's JSON (`null`: none, or none this reader may see). */
  json: unknown;
  /** The line under the post's text, for this reader; null shows nothing. */
  line: ((page: PageContext) => VNode) | null;
}

/**
 * Something another module relates a post to (the meeting it reports on), contributed through
 * `postRelations` in that module's `defineModule`: a field of the post form and of the API's
 * body, checked and then saved in the post's own transaction, and what the post's page and JSON
 * say about it. News knows only this shape, never the module behind it.
 */
export interface PostRelation {
  /** The form field, the API body's property and the post JSON's property (`meeting`). */
  name: string;
  /** Lower comes first on the form and the page. */
  order: number;
  /** Message keys of the field's label, its hint, and its first choice: none. */
  label: string;
  hint?: string;
  none: string;
  /** The JSON value, as the API takes it and the post's JSON gives it (documented in OpenAPI). */
  schema: TSchema;
  /** The choices of the form's `<select>` for this writer, after "none" (`''`, which news puts first). */
  choices(ctx: ModuleContext, place: PostPlace, page: PageContext): Promise<RelationChoice[]>;
  /** The value a stored post has, as the form sends it (`''`: none). */
  current(ctx: ModuleContext, postId: number): Promise<string>;
  /**
   * Checks a submitted value (a form's text, or the API's JSON value): a message key for the
   * field, or the write to make in the post's transaction (`db` is it) once the post is stored.
   * A value that is not there (`undefined`) is not asked about: it leaves the relation as it is.
   */
  check(
    ctx: ModuleContext,
    place: PostPlace,
    raw: unknown,
  ): Promise<
    { ok: true; save: (db: Kysely<Database>, postId: number) => Promise<void> } | { ok: false; message: string }
  >;
  /** What this reader may see of the post's relation (read fresh, per request: never shared between readers). */
  shown(ctx: ModuleContext, place: PostPlace, postId: number): Promise<RelationShown>;
}

declare module '../../core/module.js' {
  interface UrbisModule {
    /** What this module relates news posts to (see news' `PostRelation`, `news.relations.ts`). */
    postRelations?: readonly PostRelation[];
  }
}

// Every module is registered before the first request: the order is worked out once.
const known = new WeakMap<readonly UrbisModule[], readonly PostRelation[]>();

/** The largest number a numbered thing of a partnership (a meeting, an action) can have: an `integer` column. */
export const MAX_RELATION_NUMBER = 2 ** 31 - 1;

/**
 * A relation that names a numbered thing of the post's partnership (the 11th meeting, Action 4):
 * its number from a form's text or the API's JSON; null for none, undefined when it is not one.
 */
export function relationNumberOf(raw: unknown): number | null | undefined {
  if (raw === null || raw === '') return null;
  const n = typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_RELATION_NUMBER ? n : undefined;
}

/** Every module's post relations, in their order. */
export function postRelationsOf(modules: readonly UrbisModule[]): readonly PostRelation[] {
  let found = known.get(modules);
  if (!found) {
    found = modules.flatMap((m) => m.postRelations ?? []).sort((a, b) => a.order - b.order);
    known.set(modules, found);
  }
  return found;
}

/** A post's schema (the JSON of a post, or the API's body) with every relation's property added. */
export function withRelations<T extends TSchema & { properties: Record<string, TSchema> }>(
  schema: T,
  modules: readonly UrbisModule[],
  optional: boolean,
): TSchema {
  const extra = Object.fromEntries(
    postRelationsOf(modules).map((r) => [r.name, optional ? Type.Optional(r.schema) : r.schema]),
  );
  return Type.Object({ ...schema.properties, ...extra });
}

/** A relation's field on the post form, ready to show: label, hint and choices in the reader's language. */
export interface RelationField {
  name: string;
  label: string;
  hint?: string;
  choices: RelationChoice[];
}

/** The fields of every relation for this writer (the form's `<select>`s). */
export async function relationFields(
  ctx: ModuleContext,
  place: PostPlace,
  page: PageContext,
): Promise<RelationField[]> {
  const relations = postRelationsOf(ctx.modules);
  const choices = await Promise.all(relations.map((r) => r.choices(ctx, place, page)));
  return relations.map((r, i) => ({
    name: r.name,
    label: page.t(r.label),
    ...(r.hint ? { hint: page.t(r.hint) } : {}),
    choices: [{ value: '', label: page.t(r.none) }, ...(choices[i] ?? [])],
  }));
}

/** What a stored post's relations are, as the form shows them (edit page). */
export async function relationValues(ctx: ModuleContext, postId: number): Promise<Record<string, string>> {
  const relations = postRelationsOf(ctx.modules);
  const values = await Promise.all(relations.map((r) => r.current(ctx, postId)));
  return Object.fromEntries(relations.map((r, i) => [r.name, values[i] ?? '']));
}

/** What was typed in the relations' fields, to show again with the messages. */
export function echoRelations(ctx: ModuleContext, body: unknown): Record<string, string> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(
    postRelationsOf(ctx.modules).map((r) => {
      const raw = source[r.name];
      return [r.name, typeof raw === 'string' ? raw.slice(0, 40) : typeof raw === 'number' ? String(raw) : ''];
    }),
  );
}

const sent = new WeakMap<FastifyRequest, Record<string, unknown>>();

/**
 * A `preValidation` hook for a route whose body schema has the relations' properties: keeps
 * their values as sent, before the schema check coerces them (`0` or `false` to `null`, `true`
 * to `1`), so that `checkRelations` judges what the client wrote.
 */
export function keepSentRelations(modules: readonly UrbisModule[]) {
  return (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    sent.set(request, Object.fromEntries(postRelationsOf(modules).map((r) => [r.name, body[r.name]])));
    done();
  };
}

/** The relations' values of a request's body, as sent (see `keepSentRelations`). */
export const sentRelations = (request: FastifyRequest): unknown => sent.get(request) ?? request.body;

/** The writes that the relations make with a post, in its transaction. */
export type RelationSaves = (db: Kysely<Database>, postId: number) => Promise<void>;

/**
 * Checks every relation's value in a form or API body: the messages at their fields, or one
 * write that saves them all (in the post's transaction). A relation whose property is absent
 * keeps what it has.
 */
export async function checkRelations(
  ctx: ModuleContext,
  place: PostPlace,
  body: unknown,
  t: FastifyRequest['i18n']['t'],
): Promise<{ errors: FieldErrors; save: RelationSaves }> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const relations = postRelationsOf(ctx.modules).filter((r) => source[r.name] !== undefined);
  const checked = await Promise.all(relations.map((r) => r.check(ctx, place, source[r.name])));
  const errors: FieldErrors = {};
  const saves: ((db: Kysely<Database>, postId: number) => Promise<void>)[] = [];
  checked.forEach((c, i) => {
    if (c.ok) saves.push(c.save);
    else errors[relations[i]!.name] = t(c.message);
  });
  return {
    errors,
    save: async (db, postId) => {
      for (const save of saves) await save(db, postId);
    },
  };
}

/** What this reader may see of a post's relations: the JSON properties, and the lines for its page. */
export async function shownRelations(
  ctx: ModuleContext,
  place: PostPlace,
  postId: number,
): Promise<{ json: Record<string, unknown>; lines: ((page: PageContext) => VNode)[] }> {
  const relations = postRelationsOf(ctx.modules);
  const shown = await Promise.all(relations.map((r) => r.shown(ctx, place, postId)));
  return {
    json: Object.fromEntries(relations.map((r, i) => [r.name, shown[i]?.json ?? null])),
    lines: shown.flatMap((s) => (s.line ? [s.line] : [])),
  };
}

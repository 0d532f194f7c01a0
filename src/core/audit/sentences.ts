import Type from 'typebox';
import type { Translator } from '../i18n/translator.js';
import { contentTypesOf, type ContentAudience, type ContentType, type ModuleContext } from '../module.js';
import type { AuditRecord } from './audit.js';

/**
 * Names some things of one subject type (`user`, `organisation`, `tag`) for the audit log,
 * by their ids as the log keeps them (strings), in the reader's language, read when the log is
 * read. An id left out of the answer is shown as it is (an e-mail address, a slug).
 */
export type AuditNamer = (ctx: ModuleContext, ids: readonly string[], i18n: Translator) => Promise<Map<string, string>>;

/** An audit entry as a reader sees it: the entry, who did it, and the sentence that says what happened. */
export interface AuditLine extends AuditRecord {
  /** The actor's name ("deleted user" once the account is gone; "The system" for a command or a job). */
  actorName: string;
  /** What happened, in the reader's language ("Kadri Saar accepted Tomáš Dvořák's request to join"). */
  sentence: string;
  /** The partnership it concerns, named in the reader's language; null when none. */
  partnershipName: string | null;
}

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const Flat = Type.Union([Scalar, Type.Record(Type.String(), Scalar)]);
const Nested = Type.Union([Flat, Type.Array(Flat)]);
const DetailValue = Type.Union([Nested, Type.Record(Type.String(), Nested), Type.Array(Nested)]);

/** Details as the API says them: two levels of objects and lists, anything deeper as its JSON text. */
export function detailsJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 3) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((v) => detailsJson(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, detailsJson(v, depth + 1)]));
}

/** The JSON of one line (the entry, plus its actor's name and the sentence). */
export const AuditLineJson = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String({ description: 'Module-prefixed, verb first: `partnerships.approveJoin`' }),
  partnershipId: Type.Union([Type.Integer(), Type.Null()]),
  partnershipName: Type.Union([Type.String(), Type.Null()]),
  subjectType: Type.String(),
  subjectId: Type.String(),
  details: Type.Record(Type.String(), DetailValue, {
    description: 'What changed, as the action recorded it (deeper than two levels: as JSON text)',
  }),
  sentence: Type.String({ description: 'What happened, in the language asked for' }),
});

export const AuditLogJson = Type.Object({
  items: Type.Array(AuditLineJson),
  /** The cursor of the next (older) page: pass it as `before`. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});

/** The message that says an action happened: `<module>.audit.<action>` (`news.delete` → `news.audit.delete`). */
export function auditMessageKey(action: string): string | null {
  const dot = action.indexOf('.');
  if (dot <= 0 || dot === action.length - 1) return null;
  return `${action.slice(0, dot)}.audit.${action.slice(dot + 1)}`;
}

/** `approveJoin` → "approve join", `tags.merge` → "merge": an action's name as words, for the generic sentence. */
export function actionWords(action: string): string {
  const name = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action;
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Everything may be named in the log: its readers are administrators, and coordinators of what it concerns. */
const EVERYTHING: ContentAudience = Object.freeze({ membersOf: 'all', editorOf: 'all', userId: null });

async function contentTitles(ctx: ModuleContext, content: ContentType, keys: readonly string[], i18n: Translator) {
  const ids = keys.filter((k) => /^[1-9]\d{0,9}$/.test(k)).map(Number);
  const described = ids.length ? await content.describe(ctx, ids, EVERYTHING, i18n.locale, new Date()) : new Map();
  return new Map([...described].map(([id, ref]) => [String(id), i18n.t('core.audit.quoted', { title: ref.title })]));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The details that a message may quote: text, numbers, yes or no (objects and lists are left to
 * the JSON); an instant (`2019-03-12T15:39:00.000Z`) as the reader's date and time ("12 March 2019, 16:39").
 */
function scalarDetails(details: Record<string, unknown>, i18n: Translator): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string') values[key] = INSTANT.test(value) ? i18n.dateTime(value) : value;
    else if (typeof value === 'number' || typeof value === 'boolean') values[key] = value;
  }
  return values;
}

/**
 * Turns audit entries into lines a person reads: each entry's actor and subject named from their
 * ids now (through every module's `auditNames`), and the sentence of its action from the catalog of
 * the module that recorded it (`<module>.audit.<action>`, ICU, with `actor`, `subject`,
 * `partnership` and the entry's details that are text or numbers as arguments). An action with no
 * message, or whose message wants details the entry lacks, gets a generic sentence
 * (`core.audit.generic`): never the raw JSON.
 */
export async function describeAudit(
  ctx: ModuleContext,
  entries: readonly AuditRecord[],
  i18n: Translator,
): Promise<AuditLine[]> {
  const namers = new Map<string, AuditNamer>();
  for (const module of ctx.modules)
    for (const [type, namer] of Object.entries(module.auditNames ?? {})) if (!namers.has(type)) namers.set(type, namer);
  // Content (a post) is named by its title, as its module describes it (the log's readers manage what it concerns).
  for (const [type, content] of contentTypesOf(ctx.modules))
    if (!namers.has(type)) namers.set(type, (c, ids, i18n) => contentTitles(c, content, ids, i18n));
  const wanted = new Map<string, Set<string>>();
  const want = (type: string, id: string) => {
    if (!namers.has(type)) return;
    let ids = wanted.get(type);
    if (!ids) wanted.set(type, (ids = new Set()));
    ids.add(id);
  };
  for (const e of entries) {
    if (e.actorId !== null) want('user', String(e.actorId));
    want(e.subjectType, e.subjectId);
    if (e.partnershipId !== null) want('partnership', String(e.partnershipId));
  }
  const names = new Map<string, Map<string, string>>();
  for (const [type, ids] of wanted) names.set(type, await namers.get(type)!(ctx, [...ids], i18n));
  const nameOf = (type: string, id: string) => names.get(type)?.get(id) ?? id;
  const { t } = i18n;
  return entries.map((e) => {
    const actorName = e.actorId === null ? t('core.audit.system') : nameOf('user', String(e.actorId));
    // Gone (a deleted post): its title as the entry kept it, else its id.
    const kept = typeof e.details.title === 'string' ? t('core.audit.quoted', { title: e.details.title }) : e.subjectId;
    const subject = names.get(e.subjectType)?.get(e.subjectId) ?? kept;
    const partnershipName = e.partnershipId === null ? null : nameOf('partnership', String(e.partnershipId));
    const values = { ...scalarDetails(e.details, i18n), actor: actorName, subject, partnership: partnershipName ?? '' };
    const key = auditMessageKey(e.action);
    let sentence: string | null = null;
    if (key) {
      try {
        const said = t(key, values);
        if (said !== key) sentence = said;
      } catch {
        // The message wants a detail this entry does not have (an older entry): said generically.
      }
    }
    sentence ??= t('core.audit.generic', {
      actor: actorName,
      action: actionWords(e.action),
      area: e.action.includes('.') ? e.action.slice(0, e.action.indexOf('.')) : '',
      subject,
    });
    return { ...e, details: detailsJson(e.details) as Record<string, unknown>, actorName, sentence, partnershipName };
  });
}

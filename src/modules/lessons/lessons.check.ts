import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { cleanLine, storableText, toId } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import { LessonForm, LIMITS, ReturnBody, TranslationForm } from './lessons.schema.js';
import type { SourceRef } from './lessons.sources.js';
import { SOURCE_TYPES, type BudgetBand, type Effort, type SourceType } from './lessons.tables.js';

/** A lesson as checked, ready for the service. */
export interface LessonValues {
  title: string;
  organisation: string;
  lang: string;
  tried: string;
  worked: string;
  notWorked: string;
  replicate: string;
  budgetBand: BudgetBand | null;
  staff: number | null;
  durationMonths: number | null;
  effort: Effort;
  tags: string[];
  sources: SourceRef[];
}

/** What a form shows again: every field as text, the sources ticked. */
export interface LessonFormValues {
  title: string;
  organisation: string;
  lang: string;
  tried: string;
  worked: string;
  not_worked: string;
  replicate: string;
  budget_band: string;
  staff: string;
  duration_months: string;
  effort: string;
  tags: string;
  sources: string[];
}

const MAX_TAGS = 20;
const TAG_MAX = 100;

/** Labels from a comma-separated line (empty ones dropped). */
const splitTags = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => cleanLine(s).replace(/\s+/g, ' ').trim())
    .filter(Boolean);

const asList = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]);

/**
 * A lesson from the HTML form (`form`: tags as one line, sources as ticked boxes named `action`,
 * `deliverable`, `meeting`) or the API's body (`api`: tags and sources as lists). Every field is
 * checked at once; what is wrong is named by its field (`title`, `sources/2`).
 */
export function checkLesson(
  body: unknown,
  mode: 'form' | 'api',
  t: Translator['t'],
): { ok: true; value: LessonValues } | { ok: false; errors: FieldErrors } {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  let tags: string[] = [];
  const sources: SourceRef[] = [];
  if (mode === 'api') {
    if (source.tags !== undefined && !Array.isArray(source.tags)) errors.tags = t('core.field.invalid');
    else
      asList(source.tags).forEach((tag, i) => {
        if (typeof tag !== 'string' || !storableText(tag) || splitTags(tag).length !== 1)
          errors[`tags/${i}`] = t('lessons.error.tag');
        else tags.push(splitTags(tag)[0]!);
      });
    if (source.sources !== undefined && !Array.isArray(source.sources)) errors.sources = t('core.field.invalid');
    else
      asList(source.sources).forEach((s, i) => {
        const ref = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
        const id = toId(ref.id);
        if (!SOURCE_TYPES.includes(ref.type as SourceType) || id === null)
          errors[`sources/${i}`] = t('core.field.invalid');
        else sources.push({ type: ref.type as SourceType, id });
      });
    if (source.submit !== undefined && typeof source.submit !== 'boolean') errors.submit = t('core.field.invalid');
  } else {
    if (typeof source.tags === 'string' && storableText(source.tags)) tags = splitTags(source.tags);
    for (const type of SOURCE_TYPES)
      for (const raw of asList(source[type])) {
        const id = toId(raw);
        if (id === null) errors.sources = t('core.field.invalid');
        else sources.push({ type, id });
      }
  }
  if (tags.length > MAX_TAGS) errors.tags = t('lessons.error.tooManyTags', { limit: MAX_TAGS });
  if (tags.some((tag) => tag.length > TAG_MAX)) errors.tags = t('lessons.error.tag');
  if (sources.length > LIMITS.sources) errors.sources = t('lessons.error.tooManySources', { limit: LIMITS.sources });
  // The form's own fields: the API's tags are a list, checked above.
  const form = validateForm<Record<string, unknown>>(
    LessonForm,
    { ...source, tags: typeof source.tags === 'string' ? source.tags : undefined },
    t,
  );
  if (!form.ok) Object.assign(errors, form.errors);
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = form.value;
  const unique = [...new Map(sources.map((s) => [`${s.type}:${s.id}`, s])).values()];
  return {
    ok: true,
    value: {
      title: String(v.title),
      organisation: String(v.organisation),
      lang: String(v.lang),
      tried: String(v.tried),
      worked: String(v.worked),
      notWorked: String(v.not_worked),
      replicate: String(v.replicate),
      budgetBand: (v.budget_band as BudgetBand | undefined) ?? null,
      staff: (v.staff as number | undefined) ?? null,
      durationMonths: (v.duration_months as number | undefined) ?? null,
      effort: v.effort as Effort,
      tags: [...new Set(tags)],
      sources: unique,
    },
  };
}

/** What was sent, as text to show again in the form (never more than the limits). */
export function echoLesson(body: unknown): LessonFormValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string, max: number) => {
    const value = source[key];
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  return {
    title: text('title', LIMITS.title),
    organisation: text('organisation', LIMITS.organisation),
    lang: text('lang', 3),
    tried: text('tried', LIMITS.text),
    worked: text('worked', LIMITS.text),
    not_worked: text('not_worked', LIMITS.text),
    replicate: text('replicate', LIMITS.text),
    budget_band: text('budget_band', 20),
    staff: text('staff', 10),
    duration_months: text('duration_months', 10),
    effort: text('effort', 10),
    tags: text('tags', LIMITS.tags),
    sources: SOURCE_TYPES.flatMap((type) =>
      asList(source[type]).flatMap((raw) => (toId(raw) === null ? [] : [`${type}:${toId(raw)}`])),
    ),
  };
}

/** A translation's texts, from the form or the API's body. */
export function checkTranslation(body: unknown, t: Translator['t']) {
  return validateForm<{ title: string; tried: string; worked: string; not_worked: string; replicate: string }>(
    TranslationForm,
    body,
    t,
  );
}

/** A coordinator's note when returning a lesson. */
export const checkReturn = (body: unknown, t: Translator['t']) => validateForm<{ note: string }>(ReturnBody, body, t);

import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import { storableText, toId } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { publicLessonIds, publicLessonIdsBySlug } from './playbooks.lessons.js';
import { stepsOf } from './playbooks.queries.js';
import { LIMITS, PlaybookForm, TranslationForm } from './playbooks.schema.js';

/** A playbook as checked, ready for the service. */
export interface PlaybookValues {
  title: string;
  target: string;
  lang: string;
  introduction: string;
  /** One step per line. */
  steps: string;
  /** Its chapters: published lessons, in order. */
  lessonIds: number[];
}

/** What a form shows again: every text as sent, and each lesson's chapter number as typed (by lesson id). */
export interface PlaybookFormValues {
  title: string;
  target: string;
  lang: string;
  introduction: string;
  steps: string;
  chapters: Record<number, string>;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A chapter number field of the form: `chapter-<lesson id>`. */
const CHAPTER_FIELD = /^chapter-([1-9][0-9]{0,9})$/;
const body = (raw: unknown) => (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;

/** What the form's chapter fields say: the numbers typed, by lesson id (blank ones left out). */
function chaptersTyped(source: Record<string, unknown>): Map<number, string> {
  const typed = new Map<number, string>();
  for (const [key, value] of Object.entries(source)) {
    const match = CHAPTER_FIELD.exec(key);
    if (!match || typeof value !== 'string' || value.trim() === '') continue;
    typed.set(Number(match[1]), value.trim().slice(0, 20));
  }
  return typed;
}

/** Steps from one text (one per line), checked: how many and how long each. */
function checkSteps(steps: string[], t: Translator['t'], errors: FieldErrors, field = 'steps') {
  if (steps.length > LIMITS.steps) errors[field] = t('playbooks.error.tooManySteps', { limit: LIMITS.steps });
  const long = steps.findIndex((s) => s.length > LIMITS.step);
  if (long >= 0) errors[field] = t('playbooks.error.longStep', { number: long + 1, limit: LIMITS.step });
}

/**
 * The chapters of the form, in order: at least one lesson numbered, each number a whole number, no two
 * the same, each lesson among the published ones (what the form offers).
 */
async function formChapters(
  ctx: Pick<ModuleContext, 'db'>,
  source: Record<string, unknown>,
  t: Translator['t'],
): Promise<Checked<number[]>> {
  const typed = chaptersTyped(source);
  const fail = (message: string): Checked<number[]> => ({ ok: false, errors: { lessons: message } });
  if (typed.size === 0) return fail(t('playbooks.error.noLessons'));
  const numbered: { id: number; number: number }[] = [];
  for (const [id, text] of typed) {
    if (!/^[0-9]{1,4}$/.test(text) || Number(text) < 1)
      return fail(t('playbooks.error.chapterNumber', { value: text }));
    numbered.push({ id, number: Number(text) });
  }
  const seen = new Map<number, number>();
  for (const { number } of numbered) seen.set(number, (seen.get(number) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([number]) => number);
  if (twice.length > 0) return fail(t('playbooks.error.sameChapter', { number: Math.min(...twice) }));
  if (numbered.length > LIMITS.lessons) return fail(t('playbooks.error.tooManyLessons', { limit: LIMITS.lessons }));
  // A lesson id no table can hold is no lesson offered (never a database error).
  if (numbered.some((n) => toId(n.id) === null)) return fail(t('playbooks.error.lesson'));
  const published = await publicLessonIds(
    ctx.db,
    numbered.map((n) => n.id),
  );
  if (numbered.some((n) => !published.has(n.id))) return fail(t('playbooks.error.lesson'));
  return { ok: true, value: numbered.sort((a, b) => a.number - b.number).map((n) => n.id) };
}

/** The chapters of the API's body: published lessons' slugs, in order, none twice; named `lessons/<i>`. */
async function apiChapters(
  ctx: Pick<ModuleContext, 'db'>,
  raw: unknown,
  t: Translator['t'],
): Promise<Checked<number[]>> {
  if (raw === undefined) return { ok: false, errors: { lessons: t('core.field.required') } };
  if (!Array.isArray(raw)) return { ok: false, errors: { lessons: t('core.field.invalid') } };
  if (raw.length === 0) return { ok: false, errors: { lessons: t('playbooks.error.noLessons') } };
  if (raw.length > LIMITS.lessons)
    return { ok: false, errors: { lessons: t('playbooks.error.tooManyLessons', { limit: LIMITS.lessons }) } };
  const slugs = raw.map((s) => (typeof s === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s) ? s : null));
  const ids = await publicLessonIdsBySlug(
    ctx.db,
    slugs.filter((s): s is string => s !== null),
  );
  const errors: FieldErrors = {};
  const first = new Map<string, number>();
  slugs.forEach((slug, i) => {
    if (slug === null || !ids.has(slug)) errors[`lessons/${i}`] = t('playbooks.error.lesson');
    else if (first.has(slug))
      errors[`lessons/${i}`] = t('playbooks.error.lessonTwice', { number: first.get(slug)! + 1 });
    else first.set(slug, i);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: slugs.map((s) => ids.get(s!)!) };
}

/** The API's steps: a list of short texts (`steps/<i>` names a wrong one). */
function apiSteps(raw: unknown, t: Translator['t'], errors: FieldErrors): string[] {
  if (raw === undefined) {
    errors.steps = t('core.field.required');
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.steps = t(Array.isArray(raw) ? 'core.field.required' : 'core.field.invalid');
    return [];
  }
  const steps: string[] = [];
  raw.forEach((step, i) => {
    const text = typeof step === 'string' ? step.trim() : '';
    if (typeof step !== 'string' || !storableText(step) || text === '' || /[\r\n]/.test(text))
      errors[`steps/${i}`] = t('playbooks.error.step');
    else steps.push(text);
  });
  checkSteps(steps, t, errors);
  return steps;
}

/**
 * A playbook from the HTML form (`form`: steps one per line, chapters as numbered lessons
 * `chapter-<id>`) or the API's body (`api`: steps and lessons' slugs as lists). Every field is
 * checked at once; what is wrong is named by its field (`title`, `lessons`, `lessons/2`, `steps/0`).
 */
export async function checkPlaybook(
  ctx: Pick<ModuleContext, 'db'>,
  raw: unknown,
  mode: 'form' | 'api',
  t: Translator['t'],
): Promise<Checked<PlaybookValues>> {
  const source = body(raw);
  const errors: FieldErrors = {};
  const apiStepList = mode === 'api' ? apiSteps(source.steps, t, errors) : [];
  const form = validateForm<{ title: string; target: string; lang: string; introduction: string; steps: string }>(
    PlaybookForm,
    { ...source, steps: mode === 'api' ? apiStepList.join('\n') || undefined : source.steps },
    t,
  );
  if (!form.ok) for (const [k, v] of Object.entries(form.errors)) if (!(mode === 'api' && k === 'steps')) errors[k] = v;
  const steps = mode === 'api' ? apiStepList : stepsOf(typeof source.steps === 'string' ? source.steps : '');
  if (mode === 'form' && !errors.steps) checkSteps(steps, t, errors);
  const chapters = mode === 'form' ? await formChapters(ctx, source, t) : await apiChapters(ctx, source.lessons, t);
  if (!chapters.ok) Object.assign(errors, chapters.errors);
  if (!form.ok || !chapters.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const v = form.value;
  return {
    ok: true,
    value: {
      title: v.title,
      target: v.target,
      lang: v.lang,
      introduction: v.introduction,
      steps: steps.join('\n'),
      lessonIds: chapters.value,
    },
  };
}

/** What was sent, as text to show again in the form (never more than the limits). */
export function echoPlaybook(raw: unknown): PlaybookFormValues {
  const source = body(raw);
  const text = (key: string, max: number) => {
    const value = source[key];
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  return {
    title: text('title', LIMITS.title),
    target: text('target', LIMITS.target),
    lang: text('lang', 3),
    introduction: text('introduction', LIMITS.introduction),
    steps: text('steps', LIMITS.stepsText),
    chapters: Object.fromEntries(chaptersTyped(source)),
  };
}

/** A translation's four texts, from the form (steps one per line) or the API's body (steps as a list). */
export function checkTranslation(
  raw: unknown,
  mode: 'form' | 'api',
  t: Translator['t'],
): Checked<{ title: string; target: string; introduction: string; steps: string }> {
  const source = body(raw);
  const errors: FieldErrors = {};
  const apiStepList = mode === 'api' ? apiSteps(source.steps, t, errors) : [];
  const form = validateForm<{ title: string; target: string; introduction: string; steps: string }>(
    TranslationForm,
    { ...source, steps: mode === 'api' ? apiStepList.join('\n') || undefined : source.steps },
    t,
  );
  if (!form.ok) for (const [k, v] of Object.entries(form.errors)) if (!(mode === 'api' && k === 'steps')) errors[k] = v;
  const steps = mode === 'api' ? apiStepList : stepsOf(typeof source.steps === 'string' ? source.steps : '');
  if (mode === 'form' && !errors.steps) checkSteps(steps, t, errors);
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...form.value, steps: steps.join('\n') } };
}

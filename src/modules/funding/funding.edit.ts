import type { FieldErrors } from '../../core/http/forms.js';
import { cleanLine, storableText } from '../../core/http/validation.js';
import { isEuLanguage } from '../../core/i18n/locales.js';
import { instantFromForm, isTimeZoneChoice, wallTimeOf } from '../../core/i18n/time-zone.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { Opportunity } from './funding.queries.js';
import {
  BODY_MAX,
  DEADLINES_MAX,
  SUMMARY_MAX,
  TITLE_MAX,
  type FundingChangeError,
  type OpportunityChange,
} from './funding.service.js';
import type { OpportunityKind, PolicyStage } from './funding.tables.js';

// Adding and editing an item of the register (the form and the API share this): what was sent, as
// text, checked into a change for `createOpportunity` / `changeOpportunity`. The form names a
// deadline's fields `deadline_2_at` (blank rows and rows ticked "remove" are left out), the API
// `deadlines/2/at`; eligibility is checkboxes (`eligible_kinds`, `eligible_sizes`) and a text of
// country codes (`eligible_countries`: "CZ, SK") in the form, lists under `eligibility` in the API.
// Times are wall-clock times in the item's time zone (a `datetime-local` field), or instants with
// an offset. What the register refuses (`FundingChangeError`) is named at the field it came from.

/** The most each field may hold (what is longer is cut before it is checked or shown again). */
export const EDIT_LIMITS = {
  title: TITLE_MAX,
  summary: SUMMARY_MAX,
  body: BODY_MAX,
  contact: 500,
  url: 2000,
  explanation: 2000,
  tags: 2500,
  tag: 100,
  countries: 1000,
  label: 200,
  deadlines: DEADLINES_MAX,
} as const;

/** The item's own fields, as the form and the API name them. */
export const SCALARS = [
  'programme',
  'kind',
  'title',
  'summary',
  'body',
  'stage',
  'opens_at',
  'time_zone',
  'budget_eur',
  'grant_min_eur',
  'grant_max_eur',
  'cofinancing_rate',
  'url',
  'contact',
  'external_id',
  'explanation',
  'version',
  'lang',
  'tags',
  'eligible_countries',
] as const;
type Scalar = (typeof SCALARS)[number];

/** A deadline row as typed. */
export interface DeadlineRow {
  at: string;
  label: string;
  remove?: string;
}

/** The form's values: every field as text, the deadlines as rows, the ticked kinds and sizes. */
export type EditValues = Record<Scalar, string> & {
  deadlines: DeadlineRow[];
  eligible_kinds: string[];
  eligible_sizes: string[];
};

/** How fields are named: the form's flat names, or the API's pointers into its body. */
export type Naming = 'form' | 'api';

const limitOf = (field: string): number =>
  field in EDIT_LIMITS
    ? EDIT_LIMITS[field as keyof typeof EDIT_LIMITS] + 1
    : field === 'eligible_countries'
      ? EDIT_LIMITS.countries + 1
      : 200;

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : undefined;

const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 20)
    .map((v) => v.slice(0, 40));

/** What a form sent, as the form shows it again (each field cut to its limit). */
export function formValues(body: unknown): EditValues {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values = {} as EditValues;
  for (const field of SCALARS) values[field] = text(source[field], limitOf(field)) ?? '';
  const count = Math.min(
    EDIT_LIMITS.deadlines + 5,
    Object.keys(source).reduce(
      (most, key) => Math.max(most, Number(/^deadline_(\d{1,2})_/.exec(key)?.[1] ?? -1) + 1),
      0,
    ),
  );
  values.deadlines = [...Array(count).keys()].map((i) => ({
    at: text(source[`deadline_${i}_at`], 40) ?? '',
    label: text(source[`deadline_${i}_label`], limitOf('label')) ?? '',
    remove: text(source[`deadline_${i}_remove`], 5) ?? '',
  }));
  values.eligible_kinds = many(source.eligible_kinds);
  values.eligible_sizes = many(source.eligible_sizes);
  return values;
}

/** The values of a new item: a call for proposals, in Brussels time, in the page's language. */
export function newValues(lang: string): EditValues {
  const values = Object.fromEntries(SCALARS.map((f) => [f, ''])) as unknown as EditValues;
  Object.assign(values, { kind: 'call', time_zone: 'Europe/Brussels', lang });
  values.deadlines = [];
  values.eligible_kinds = [];
  values.eligible_sizes = [];
  return values;
}

/** The form's values of an item as stored (times as wall-clock times in its zone). */
export function storedValues(o: Opportunity, tags: readonly string[]): EditValues {
  const wall = (iso: string | null) => (iso ? wallTimeOf(iso, o.timeZone) : '');
  const amount = (n: number | null) => (n === null ? '' : String(n));
  return {
    programme: o.programme?.slug ?? '',
    kind: o.kind,
    title: o.title,
    summary: o.summary,
    body: o.body,
    stage: o.stage ?? '',
    opens_at: wall(o.opensAt),
    time_zone: o.timeZone,
    budget_eur: amount(o.budgetEur),
    grant_min_eur: amount(o.grantMinEur),
    grant_max_eur: amount(o.grantMaxEur),
    cofinancing_rate: amount(o.cofinancingRate),
    url: o.url ?? '',
    contact: o.contact,
    external_id: o.externalId ?? '',
    explanation: '',
    version: String(o.version),
    lang: o.lang,
    tags: tags.join(', '),
    eligible_countries: o.eligibility.countries.join(', '),
    deadlines: o.deadlines.map((d) => ({ at: wall(d.at), label: d.label })),
    eligible_kinds: [...o.eligibility.kinds],
    eligible_sizes: [...o.eligibility.sizes],
  };
}

/** The values with `count` empty deadline rows after the rows (never more than the register takes). */
export function withBlankRows(values: EditValues, count: number): EditValues {
  const room = Math.max(0, Math.min(count, EDIT_LIMITS.deadlines - values.deadlines.length));
  return { ...values, deadlines: [...values.deadlines, ...[...Array(room).keys()].map(() => ({ at: '', label: '' }))] };
}

/** The name of a field in the form or the API: `deadlines/2/at` is the form's `deadline_2_at`. */
export function nameOf(naming: Naming, field: string): string {
  if (naming === 'api') return field;
  const deadline = /^deadlines\/(\d+)\/(at|label)$/.exec(field);
  if (deadline) return `deadline_${deadline[1]}_${deadline[2]}`;
  const eligible = /^eligibility\/(kinds|countries|sizes)/.exec(field);
  if (eligible) return `eligible_${eligible[1]}`;
  return field;
}

/** What was sent, as text, whichever way it came. */
interface Sent {
  fields: Partial<Record<Scalar, string>>;
  /** Each with the index it was named by. */
  deadlines?: { index: number; at: string; label: string }[];
  kinds?: string[];
  sizes?: string[];
  countries?: string[];
  tags?: string[];
  errors: FieldErrors;
}

/** Words from a field: separated by commas, semicolons, spaces or lines, without blanks or repeats. */
const wordsOf = (raw: string, separators: RegExp): string[] => [
  ...new Set(
    raw
      .split(separators)
      .map((s) => cleanLine(s).trim())
      .filter(Boolean),
  ),
];

function sentOfForm(body: unknown): Sent {
  const values = formValues(body);
  const { deadlines, eligible_kinds, eligible_sizes, ...fields } = values;
  return {
    fields,
    deadlines: deadlines
      .map((row, index) => ({ index, at: row.at.trim(), label: row.label }))
      .filter((row, i) => !deadlines[i]!.remove && (row.at !== '' || row.label.trim() !== '')),
    kinds: eligible_kinds,
    sizes: eligible_sizes,
    countries: wordsOf(values.eligible_countries, /[\s,;]+/),
    tags: wordsOf(values.tags, /[\n,]/),
    errors: {},
  };
}

function sentOfApi(body: unknown, t: Translator['t']): Sent {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors: FieldErrors = {};
  const fields: Sent['fields'] = {};
  const scalar = (value: unknown, field: string, max: number): string | undefined => {
    if (value === undefined) return undefined;
    if (value === null) return '';
    if (typeof value === 'string' || typeof value === 'number') return text(value, max);
    errors[field] = t('core.field.invalid');
    return undefined;
  };
  for (const field of SCALARS) {
    if (field === 'tags' || field === 'eligible_countries') continue;
    fields[field] = scalar(source[field], field, limitOf(field));
  }
  const strings = (value: unknown, field: string, max: number): string[] | undefined => {
    if (value === undefined) return undefined;
    if (value === null) return [];
    if (Array.isArray(value) && value.length <= 300 && value.every((v) => typeof v === 'string'))
      return [...new Set((value as string[]).map((v) => cleanLine(v.slice(0, max)).trim()).filter(Boolean))];
    errors[field] = t('core.field.invalid');
    return undefined;
  };
  const sent: Sent = { fields, errors };
  const tags = strings(source.tags, 'tags', EDIT_LIMITS.tag + 1);
  if (tags) sent.tags = tags;
  const eligibility = source.eligibility;
  if (eligibility !== undefined && eligibility !== null && typeof eligibility !== 'object')
    errors.eligibility = t('core.field.invalid');
  else if (eligibility) {
    const e = eligibility as Record<string, unknown>;
    for (const key of ['kinds', 'sizes', 'countries'] as const) {
      const list = strings(e[key], `eligibility/${key}`, 40);
      if (list) sent[key] = list;
    }
  } else if (eligibility === null) Object.assign(sent, { kinds: [], sizes: [], countries: [] });
  const deadlines = source.deadlines;
  if (deadlines === null) sent.deadlines = [];
  else if (deadlines !== undefined) {
    if (!Array.isArray(deadlines) || deadlines.length > EDIT_LIMITS.deadlines + 5)
      errors.deadlines = t('core.field.invalid');
    else
      sent.deadlines = deadlines.map((d, index) => {
        const row = d && typeof d === 'object' ? (d as Record<string, unknown>) : null;
        if (!row) errors[`deadlines/${index}`] = t('core.field.invalid');
        return {
          index,
          at: scalar(row?.at, `deadlines/${index}/at`, 40) ?? '',
          label: scalar(row?.label, `deadlines/${index}/label`, limitOf('label')) ?? '',
        };
      });
  }
  return sent;
}

/** What the checker needs besides the body. */
export interface EditContext {
  /** The item as stored; null for a new one. */
  item: Opportunity | null;
  /** A PATCH: what is left out stays. */
  partial: boolean;
  /** A programme's id by its slug, or null when there is none. */
  programmeId: (slug: string) => Promise<number | null>;
  /** The language of a new item when none is sent. */
  lang: string;
}

export type EditChecked =
  | {
      ok: true;
      change: OpportunityChange;
      explanation: string;
      /** The version the editor started from, when sent. */
      version: number | undefined;
      lang: string;
    }
  | { ok: false; errors: FieldErrors };

const AMOUNT = /^[0-9]{1,14}$/;

/**
 * Checks a new item or an edit as far as the form goes (texts storable and within their limits,
 * a known programme, amounts in whole euros, times that parse in the item's zone, a version that
 * is a number); what the register itself refuses (a deadline before the opening, a country that is
 * not one) is left to `createOpportunity`/`changeOpportunity` and said by `refusedChange`.
 */
export async function checkEdit(
  body: unknown,
  naming: Naming,
  c: EditContext,
  t: Translator['t'],
): Promise<EditChecked> {
  const sent = naming === 'form' ? sentOfForm(body) : sentOfApi(body, t);
  const errors: FieldErrors = { ...sent.errors };
  const f = sent.fields;
  const change: OpportunityChange = {};
  const whole = !c.partial;
  const at = (field: string) => nameOf(naming, field);

  for (const [field, key, max, line] of [
    ['title', 'title', EDIT_LIMITS.title, true],
    ['summary', 'summary', EDIT_LIMITS.summary, false],
    ['body', 'body', EDIT_LIMITS.body, false],
    ['contact', 'contact', EDIT_LIMITS.contact, false],
  ] as const) {
    const raw = f[field];
    if (raw === undefined) {
      if (whole && (field === 'title' || field === 'summary')) errors[field] = t('core.field.required');
      continue;
    }
    const value = (line ? cleanLine(raw) : raw).trim();
    if (!storableText(value)) errors[field] = t('core.field.badCharacters');
    else if (value.length > max) errors[field] = t('core.field.tooLong', { limit: max });
    else if (value === '' && (field === 'title' || field === 'summary')) errors[field] = t('core.field.required');
    else change[key] = value;
  }
  const explanation = (f.explanation ?? '').trim();
  if (!storableText(explanation)) errors.explanation = t('core.field.badCharacters');
  else if (explanation.length > EDIT_LIMITS.explanation)
    errors.explanation = t('core.field.tooLong', { limit: EDIT_LIMITS.explanation });

  const lang = (f.lang ?? '').trim() || c.item?.lang || c.lang;
  if (c.item === null) {
    if (!isEuLanguage(lang)) errors.lang = t('core.field.choose');
    else change.lang = lang;
  }
  if (f.kind !== undefined) change.kind = f.kind.trim() as OpportunityKind;
  else if (whole && c.item === null) change.kind = 'call';
  if (f.stage !== undefined) change.stage = f.stage.trim() === '' ? null : (f.stage.trim() as PolicyStage);
  else if (whole) change.stage = null;

  if (f.programme !== undefined) {
    const slug = f.programme.trim();
    if (slug === '') change.programmeId = null;
    else {
      const id = /^[a-z0-9-]{1,80}$/.test(slug) ? await c.programmeId(slug) : null;
      if (id === null) errors.programme = t('funding.error.unknownProgramme');
      else change.programmeId = id;
    }
  } else if (whole) change.programmeId = null;

  // The zone first: the times are read in it.
  // A new item sent without a zone (the API) is in Brussels time, as the Commission announces.
  const zone =
    f.time_zone !== undefined ? f.time_zone.trim() : (c.item?.timeZone ?? (c.item === null ? 'Europe/Brussels' : ''));
  const zoneKnown = isTimeZoneChoice(zone);
  if (f.time_zone !== undefined || c.item === null) {
    if (!zoneKnown) errors.time_zone = zone === '' ? t('core.field.required') : t('funding.error.unknownZone');
    else change.timeZone = zone;
  }
  const instant = (raw: string, field: string): string | null => {
    if (!zoneKnown) return null;
    const value = raw.trim();
    const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? instantFromForm(value, zone) : new Date(NaN);
    if (Number.isNaN(when.getTime())) {
      errors[at(field)] = t('funding.error.dateTime');
      return null;
    }
    return when.toISOString();
  };
  if (f.opens_at !== undefined) change.opensAt = f.opens_at.trim() === '' ? null : instant(f.opens_at, 'opens_at');
  else if (whole) change.opensAt = null;
  else if (f.time_zone !== undefined && c.item?.opensAt)
    // A zone changed alone keeps the wall-clock times as they read.
    change.opensAt = instant(wallTimeOf(c.item.opensAt, c.item.timeZone), 'opens_at');
  if (sent.deadlines !== undefined) {
    if (sent.deadlines.length > EDIT_LIMITS.deadlines) errors[at('deadlines')] = t('funding.error.tooMany');
    change.deadlines = sent.deadlines.map((row) => {
      const label = cleanLine(row.label).trim();
      const where = `deadlines/${row.index}/label`;
      if (!storableText(label)) errors[at(where)] = t('core.field.badCharacters');
      else if (label.length > EDIT_LIMITS.label)
        errors[at(where)] = t('core.field.tooLong', { limit: EDIT_LIMITS.label });
      if (row.at.trim() === '') errors[at(`deadlines/${row.index}/at`)] = t('core.field.required');
      return { at: (row.at.trim() && instant(row.at, `deadlines/${row.index}/at`)) || '', label };
    });
  } else if (whole) change.deadlines = [];
  else if (f.time_zone !== undefined && c.item)
    change.deadlines = c.item.deadlines.map((d, i) => ({
      at: instant(wallTimeOf(d.at, c.item!.timeZone), `deadlines/${i}/at`) ?? '',
      label: d.label,
    }));

  for (const [field, key] of [
    ['budget_eur', 'budgetEur'],
    ['grant_min_eur', 'grantMinEur'],
    ['grant_max_eur', 'grantMaxEur'],
    ['cofinancing_rate', 'cofinancingRate'],
  ] as const) {
    const raw = f[field];
    if (raw === undefined) {
      if (whole) change[key] = null;
      continue;
    }
    // Spaces and thin spaces between thousands are how people write amounts ("850 000").
    const value = raw.replace(/[\s\u00a0\u202f]/g, '');
    if (value === '') change[key] = null;
    else if (!AMOUNT.test(value))
      errors[field] = t(field === 'cofinancing_rate' ? 'funding.error.range' : 'funding.error.amount');
    else change[key] = Number(value);
  }

  if (f.url !== undefined) {
    const url = f.url.trim();
    if (!storableText(url)) errors.url = t('core.field.badCharacters');
    else change.url = url || null;
  } else if (whole) change.url = null;
  if (f.external_id !== undefined) {
    const id = f.external_id.trim();
    if (!storableText(id)) errors.external_id = t('core.field.badCharacters');
    else change.externalId = id || null;
  } else if (whole && c.item === null) change.externalId = null;

  if (sent.kinds !== undefined || sent.sizes !== undefined || sent.countries !== undefined || whole) {
    change.eligibility = {
      kinds: sent.kinds ?? (whole ? [] : (c.item?.eligibility.kinds ?? [])),
      sizes: sent.sizes ?? (whole ? [] : (c.item?.eligibility.sizes ?? [])),
      countries: sent.countries ?? (whole ? [] : (c.item?.eligibility.countries ?? [])),
    };
    if ((f.eligible_countries ?? '').length > EDIT_LIMITS.countries)
      errors[at('eligibility/countries')] = t('core.field.tooLong', { limit: EDIT_LIMITS.countries });
    for (const [list, values] of Object.entries(change.eligibility))
      if (values.some((v) => !storableText(v))) errors[at(`eligibility/${list}`)] = t('core.field.badCharacters');
  }
  if (sent.tags !== undefined) {
    if ((f.tags ?? '').length > EDIT_LIMITS.tags || sent.tags.length > 30)
      errors.tags = t('core.field.tooLong', { limit: EDIT_LIMITS.tags });
    else if (sent.tags.some((tag) => tag.length > EDIT_LIMITS.tag || !storableText(tag)))
      errors.tags = t('funding.error.tag', { limit: EDIT_LIMITS.tag });
    else change.tags = { labels: sent.tags, lang: c.item?.lang ?? lang };
  } else if (whole) change.tags = { labels: [], lang: c.item?.lang ?? lang };

  let version: number | undefined;
  const versionText = (f.version ?? '').trim();
  if (versionText !== '') {
    if (!/^[0-9]{1,9}$/.test(versionText)) errors.version = t('core.field.invalid');
    else version = Number(versionText);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, change, explanation, version, lang };
}

/**
 * What the register refused, at the field it came from (a deadline by the index the form or the
 * API named it with), in the reader's words. A conflict is the form's own (`_form`).
 */
export function refusedChange(
  error: FundingChangeError,
  naming: Naming,
  body: unknown,
  t: Translator['t'],
): FieldErrors {
  let field = error.field;
  const deadline = /^deadlines\/(\d+)\/(at|label)$/.exec(field);
  if (deadline && naming === 'form') {
    const kept = sentOfForm(body).deadlines ?? [];
    field = `deadlines/${kept[Number(deadline[1])]?.index ?? deadline[1]}/${deadline[2]}`;
  }
  if (field === 'version' || field === 'id') field = '_form';
  const name = nameOf(naming, field);
  const key = error.reason === 'unknown' && field === 'programme' ? 'unknownProgramme' : error.reason;
  return { [name]: t(`funding.error.${key}`) };
}

import type { FieldErrors } from '../../core/http/forms.js';
import { cleanLine, storableText } from '../../core/http/validation.js';
import { isEuLanguage } from '../../core/i18n/locales.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { Action, ActivityRow, ChallengeRow, DeliverableRow } from './actions.queries.js';
import {
  isPlanDate,
  type ActionChange,
  type ActionChangeError,
  type ActivityInput,
  type ChallengeInput,
  type DeliverableInput,
  type OrganisationInput,
} from './actions.service.js';
import {
  ACTION_STATUSES,
  CHALLENGE_STATUSES,
  DELIVERABLE_TYPES,
  IMPACTS,
  ORGANISATION_ROLES,
  PROGRESS_MODES,
  WORK_STATUSES,
} from './actions.tables.js';

// Creating and editing an action (the form and the API share this): what was sent, as text, checked
// field by field into a change for `createAction` / `changeAction`. The lists (organisations, key
// activities, deliverables, challenges) are rows: the form names a row's field `deliverable_2_due_on`
// (blank rows and rows ticked "remove" are left out), the API `deliverables/2/due_on` (a pointer into
// its body). What the plan refuses (`ActionChangeError`) is named at the row it came from.

/** The most each field may hold, and the most rows of a list. */
export const EDIT_LIMITS = {
  title: 300,
  description: 60_000,
  support_needed: 4_000,
  tags: 2_500,
  tag: 100,
  explanation: 2_000,
  rowTitle: 500,
  rowText: 4_000,
  url: 2_000,
  rows: 50,
} as const;

/** The lists of an action, each with the name of one of its rows in the form and its fields. */
export const LISTS = {
  organisations: { row: 'organisation', fields: ['organisation', 'role'] },
  activities: { row: 'activity', fields: ['title', 'status', 'starts_on', 'ends_on'] },
  deliverables: {
    row: 'deliverable',
    fields: ['title', 'type', 'due_on', 'status', 'weight', 'evidence_url', 'evidence_post', 'evidence_file'],
  },
  challenges: {
    row: 'challenge',
    fields: ['description', 'impact', 'mitigation', 'status', 'raised_on', 'resolved_on'],
  },
} as const;
export type ListName = keyof typeof LISTS;
export const LIST_NAMES = Object.keys(LISTS) as ListName[];

/** The action's own fields, as the form and the API name them. */
export const TOP_FIELDS = [
  'title',
  'description',
  'theme',
  'members_only',
  'tags',
  'support_needed',
  'status',
  'progress_mode',
  'progress',
  'starts_on',
  'ends_on',
  'explanation',
  'lang',
] as const;
type TopField = (typeof TOP_FIELDS)[number];

/** A row of a list as typed (`remove`: ticked to go). */
export type Row = Record<string, string>;

/** The form's values: every field as text, every list as rows. */
export type EditValues = Record<TopField, string> & Record<ListName, Row[]>;

/** How fields are named: the form's flat names, or the API's pointers into its body. */
export type Naming = 'form' | 'api';

/** A row's field as the form or the API names it. */
export const rowField = (naming: Naming, list: ListName, index: number, field: string) =>
  naming === 'form' ? `${LISTS[list].row}_${index}_${field}` : `${list}/${index}/${field}`;

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : undefined;

const limitOf = (field: string): number =>
  field === 'description'
    ? EDIT_LIMITS.description
    : field === 'support_needed' || field === 'mitigation'
      ? EDIT_LIMITS.rowText + 1
      : field === 'explanation'
        ? EDIT_LIMITS.explanation + 1
        : field === 'tags'
          ? EDIT_LIMITS.tags + 1
          : field === 'evidence_url'
            ? EDIT_LIMITS.url + 1
            : 5_000;

/** What a form sent, as the form shows it again: every field as text (cut to its limit), every row of every list. */
export function formValues(body: unknown): EditValues {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values = {} as EditValues;
  for (const field of TOP_FIELDS) values[field] = text(source[field], limitOf(field)) ?? '';
  if (source.members_only !== undefined) values.members_only = 'on';
  for (const list of LIST_NAMES) {
    const { row, fields } = LISTS[list];
    const pattern = new RegExp(`^${row}_(\\d{1,3})_`);
    const count = Math.min(
      EDIT_LIMITS.rows + 10,
      Object.keys(source).reduce((most, key) => Math.max(most, Number(pattern.exec(key)?.[1] ?? -1) + 1), 0),
    );
    values[list] = [...Array(count).keys()].map((i) => {
      const r: Row = {};
      for (const field of [...fields, 'remove']) r[field] = text(source[`${row}_${i}_${field}`], limitOf(field)) ?? '';
      return r;
    });
  }
  return values;
}

/** A row that says nothing (only its choices, which have defaults): an empty row left to add. */
const blank = (list: ListName, row: Row): boolean =>
  LISTS[list].fields.every(
    (f) => ['status', 'type', 'impact', 'role', 'weight'].includes(f) || (row[f] ?? '').trim() === '',
  );

/** Rows to check, with the index their fields are named by. */
type Sent = {
  fields: Partial<Record<TopField, string>>;
  tags?: string[];
  lists: Partial<Record<ListName, { index: number; row: Row }[]>>;
  errors: FieldErrors;
};

/** A form's values as sent: every field, every list without its blank and removed rows. */
function sentOfForm(values: EditValues): Sent {
  const lists: Sent['lists'] = {};
  for (const list of LIST_NAMES)
    lists[list] = values[list]
      .map((row, index) => ({ index, row }))
      .filter(({ row }) => !row.remove && !blank(list, row));
  const { organisations: _o, activities: _a, deliverables: _d, challenges: _c, ...fields } = values;
  return { fields, tags: tagsOf(values.tags), lists, errors: {} };
}

/** Tags from a field: separated by commas or lines, without blanks or repeats. */
const tagsOf = (raw: string): string[] => [
  ...new Set(
    raw
      .split(/[\n,]/)
      .map((s) => cleanLine(s).trim())
      .filter(Boolean),
  ),
];

/** The API's body as sent: what is there, as text; what is of the wrong kind is a problem at its pointer. */
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
  for (const field of TOP_FIELDS) {
    if (field === 'members_only' || field === 'tags') continue;
    fields[field] = scalar(source[field], field, limitOf(field));
  }
  if (source.members_only !== undefined) {
    if (typeof source.members_only === 'boolean') fields.members_only = source.members_only ? 'on' : '';
    else errors.members_only = t('core.field.invalid');
  }
  let tags: string[] | undefined;
  if (source.tags !== undefined) {
    if (Array.isArray(source.tags) && source.tags.every((tag) => typeof tag === 'string'))
      tags = [...new Set((source.tags as string[]).map((tag) => cleanLine(tag).trim()).filter(Boolean))];
    else errors.tags = t('core.field.invalid');
  }
  const lists: Sent['lists'] = {};
  for (const list of LIST_NAMES) {
    const items = source[list];
    if (items === undefined) continue;
    if (!Array.isArray(items)) {
      errors[list] = t('core.field.invalid');
      continue;
    }
    lists[list] = items.slice(0, EDIT_LIMITS.rows + 1).map((item, index) => {
      const row: Row = {};
      if (!item || typeof item !== 'object') errors[`${list}/${index}`] = t('core.field.invalid');
      else
        for (const field of LISTS[list].fields) {
          const value = scalar((item as Record<string, unknown>)[field], `${list}/${index}/${field}`, limitOf(field));
          if (value !== undefined) row[field] = value;
        }
      return { index, row };
    });
  }
  return { fields, ...(tags ? { tags } : {}), lists, errors };
}

/** What the checker needs to know besides the body. */
export interface EditContext {
  /** The action as stored; null for a new one. */
  action: Action | null;
  /** A PATCH: what is left out stays. A form, a new action and a PUT send the whole. */
  partial: boolean;
  /** The plan's themes: a theme is named by its position. */
  themes: readonly { id: number; position: number }[];
  /** An organisation of the directory by its slug (approved ones only), or null. */
  organisationId: (slug: string) => Promise<number | null>;
  /** Posts a deliverable may name as evidence: the partnership's that the editor sees, and the stored ones. */
  evidencePosts: ReadonlySet<number>;
  /** Files a deliverable may keep as evidence: the action's own (added on the evidence page or by the API). */
  evidenceFiles: ReadonlySet<number>;
  /** The deliverables as stored (progress worked out from them when the list is not sent). */
  storedDeliverables: readonly { status: string; weight: number }[];
  /** The language a new action is in when none is sent. */
  lang: string;
}

export type EditChecked =
  | { ok: true; change: ActionChange; explanation: string; lang: string; tags?: string[] }
  | { ok: false; errors: FieldErrors };

const DIGITS = /^[0-9]{1,3}$/;

/**
 * Checks a new action or an edit: the title (required), texts within their limits and storable,
 * the theme among the plan's, the status one of the words (`merged` only for one merged already:
 * merging is its own step), progress whole 0–100 when set by hand, progress worked out from the
 * deliverables only with at least one weighted deliverable, dates `YYYY-MM-DD`, at least one lead
 * organisation of the directory (each once), and each row's fields. Nothing is stored here.
 */
export async function checkEdit(
  body: unknown,
  naming: Naming,
  c: EditContext,
  t: Translator['t'],
): Promise<EditChecked> {
  const sent = naming === 'form' ? sentOfForm(formValues(body)) : sentOfApi(body, t);
  const errors: FieldErrors = { ...sent.errors };
  const change: ActionChange = {};
  const f = sent.fields;
  const whole = !c.partial;
  const need = (field: TopField) => whole && (f[field] === undefined || f[field]!.trim() === '');

  // Texts: a line (title), markdown (description), plain text (support needed, explanation).
  const title = f.title === undefined ? undefined : cleanLine(f.title).trim();
  if (title === undefined ? whole : title === '') errors.title = t('core.field.required');
  else if (title !== undefined) {
    if (!storableText(title)) errors.title = t('core.field.badCharacters');
    else if (title.length > EDIT_LIMITS.title) errors.title = t('core.field.tooLong', { limit: EDIT_LIMITS.title });
    else change.title = title;
  }
  for (const [field, limit, key] of [
    ['description', EDIT_LIMITS.description, 'description'],
    ['support_needed', EDIT_LIMITS.rowText, 'supportNeeded'],
  ] as const) {
    const value = f[field];
    if (value === undefined) continue;
    if (!storableText(value)) errors[field] = t('core.field.badCharacters');
    else if (value.length > limit) errors[field] = t('core.field.tooLong', { limit });
    else change[key] = value.trim();
  }
  const explanation = f.explanation ?? '';
  if (!storableText(explanation)) errors.explanation = t('core.field.badCharacters');
  else if (explanation.length > EDIT_LIMITS.explanation)
    errors.explanation = t('core.field.tooLong', { limit: EDIT_LIMITS.explanation });
  const lang = (f.lang ?? '').trim() || c.lang;
  if (c.action === null && !isEuLanguage(lang)) errors.lang = t('core.field.choose');

  // The theme by its position; visibility; tags.
  if (f.theme !== undefined) {
    const position = f.theme.trim();
    if (position === '') change.themeId = null;
    else {
      const theme = DIGITS.test(position) ? c.themes.find((th) => th.position === Number(position)) : undefined;
      if (theme) change.themeId = theme.id;
      else errors.theme = t('actions.edit.error.unknownTheme');
    }
  }
  if (f.members_only !== undefined || whole) change.membersOnly = (f.members_only ?? '') !== '';
  if (sent.tags !== undefined) {
    if ((f.tags ?? '').length > EDIT_LIMITS.tags || sent.tags.length > 30)
      errors.tags = t('core.field.tooLong', { limit: EDIT_LIMITS.tags });
    else if (sent.tags.some((tag) => tag.length > EDIT_LIMITS.tag || !storableText(tag)))
      errors.tags = t('actions.edit.error.tag', { limit: EDIT_LIMITS.tag });
  }

  // Status, progress and its mode, dates.
  const statuses: readonly string[] = ACTION_STATUSES.filter((s) => s !== 'merged' || c.action?.status === 'merged');
  if (f.status !== undefined || c.action === null) {
    const status = (f.status ?? '').trim() || (c.action === null ? 'planned' : '');
    if (!status) errors.status = t('core.field.required');
    else if (!statuses.includes(status)) errors.status = t('core.field.choose');
    else change.status = status as ActionChange['status'];
  } else if (whole) errors.status = t('core.field.required');
  const modeSent = (f.progress_mode ?? '').trim();
  let mode = c.action?.progressMode ?? 'manual';
  if (modeSent !== '') {
    if ((PROGRESS_MODES as readonly string[]).includes(modeSent)) mode = change.progressMode = modeSent as typeof mode;
    else errors.progress_mode = t('core.field.choose');
  } else if (need('progress_mode') && c.action !== null) errors.progress_mode = t('core.field.required');
  const progress = f.progress?.trim();
  if (mode === 'manual' && progress !== undefined && progress !== '') {
    if (!DIGITS.test(progress)) errors.progress = t('actions.update.error.progressWhole');
    else if (Number(progress) > 100) errors.progress = t('actions.update.error.range');
    else change.progress = Number(progress);
  } else if (mode === 'manual' && progress === '' && whole && c.action !== null && c.action.progressMode === 'manual')
    errors.progress = t('core.field.required');
  for (const field of ['starts_on', 'ends_on'] as const) {
    const value = f[field]?.trim();
    if (value === undefined) continue;
    if (value !== '' && !isPlanDate(value)) errors[field] = t('actions.update.error.date');
    else change[field === 'starts_on' ? 'startsOn' : 'endsOn'] = value === '' ? null : value;
  }

  // The lists, row by row.
  const named = (list: ListName, index: number, field: string) => rowField(naming, list, index, field);
  const choose = <T extends string>(words: readonly T[], value: string | undefined, fallback: T | null, at: string) => {
    const v = (value ?? '').trim();
    if (v === '' && fallback !== null) return fallback;
    if ((words as readonly string[]).includes(v)) return v as T;
    errors[at] = v === '' ? t('core.field.required') : t('core.field.choose');
    return fallback ?? words[0]!;
  };
  const date = (value: string | undefined, at: string, required = false): string | null => {
    const v = (value ?? '').trim();
    if (v === '') {
      if (required) errors[at] = t('core.field.required');
      return null;
    }
    if (!isPlanDate(v)) errors[at] = t('actions.update.error.date');
    return v;
  };
  const line = (value: string | undefined, at: string, max: number, required: boolean): string => {
    const v = cleanLine(value ?? '').trim();
    if (required && v === '') errors[at] = t('core.field.required');
    else if (!storableText(v)) errors[at] = t('core.field.badCharacters');
    else if (v.length > max) errors[at] = t('core.field.tooLong', { limit: max });
    return v;
  };
  const tooMany = (list: ListName) => {
    if ((sent.lists[list]?.length ?? 0) > EDIT_LIMITS.rows)
      errors[naming === 'form' ? named(list, 0, LISTS[list].fields[0]) : list] = t('actions.edit.error.tooMany', {
        limit: EDIT_LIMITS.rows,
      });
  };

  const orgRows = sent.lists.organisations;
  if (orgRows !== undefined || (whole && c.action === null)) {
    tooMany('organisations');
    const organisations: OrganisationInput[] = [];
    const seen = new Set<number>();
    for (const { index, row } of orgRows ?? []) {
      const at = named('organisations', index, 'organisation');
      const slug = (row.organisation ?? '').trim();
      const role = choose(ORGANISATION_ROLES, row.role, 'contributor', named('organisations', index, 'role'));
      if (slug === '') {
        errors[at] = t('core.field.required');
        continue;
      }
      const id = /^[a-z0-9-]{1,100}$/.test(slug) ? await c.organisationId(slug) : null;
      if (id === null) errors[at] = t('actions.edit.error.unknownOrganisation');
      else if (seen.has(id)) errors[at] = t('actions.edit.error.duplicateOrganisation');
      else {
        seen.add(id);
        organisations.push({ organisationId: id, role });
      }
    }
    if (!organisations.some((o) => o.role === 'lead') && !Object.keys(errors).some((k) => k.includes('organisation')))
      errors[naming === 'form' ? named('organisations', orgRows?.[0]?.index ?? 0, 'role') : 'organisations'] =
        t('actions.edit.error.noLead');
    change.organisations = organisations;
  }
  if (sent.lists.activities !== undefined) {
    tooMany('activities');
    change.activities = sent.lists.activities.map(({ index, row }): ActivityInput => {
      const at = (field: string) => named('activities', index, field);
      return {
        title: line(row.title, at('title'), EDIT_LIMITS.rowTitle, true),
        status: choose(WORK_STATUSES, row.status, 'planned', at('status')),
        startsOn: date(row.starts_on, at('starts_on')),
        endsOn: date(row.ends_on, at('ends_on')),
      };
    });
  }
  if (sent.lists.deliverables !== undefined) {
    tooMany('deliverables');
    change.deliverables = sent.lists.deliverables.map(({ index, row }): DeliverableInput => {
      const at = (field: string) => named('deliverables', index, field);
      const weightText = (row.weight ?? '').trim();
      let weight = 1;
      if (weightText !== '') {
        if (!DIGITS.test(weightText) || Number(weightText) > 100)
          errors[at('weight')] = t('actions.update.error.range');
        else weight = Number(weightText);
      }
      const url = (row.evidence_url ?? '').trim();
      if (url && (url.length > EDIT_LIMITS.url || !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)))
        errors[at('evidence_url')] = t('actions.edit.error.url');
      const postText = (row.evidence_post ?? '').trim();
      let post: number | null = null;
      if (postText !== '') {
        post = /^[0-9]{1,10}$/.test(postText) ? Number(postText) : null;
        if (post === null || !c.evidencePosts.has(post))
          errors[at('evidence_post')] = t('actions.edit.error.unknownPost');
        else if (url) errors[at('evidence_post')] = t('actions.edit.error.oneEvidence');
      }
      const fileText = (row.evidence_file ?? '').trim();
      let file: number | null = null;
      if (fileText !== '') {
        file = /^[0-9]{1,10}$/.test(fileText) ? Number(fileText) : null;
        if (file === null || !c.evidenceFiles.has(file))
          errors[at('evidence_file')] = t('actions.edit.error.unknownFile');
        else if (url || postText) errors[at('evidence_file')] = t('actions.edit.error.oneEvidence');
      }
      return {
        title: line(row.title, at('title'), EDIT_LIMITS.rowTitle, true),
        type: choose(DELIVERABLE_TYPES, row.type, 'other', at('type')),
        dueOn: date(row.due_on, at('due_on')),
        status: choose(WORK_STATUSES, row.status, 'planned', at('status')),
        weight,
        evidenceUrl: url || null,
        evidencePostId: post,
        evidenceFileId: file,
      };
    });
  }
  if (sent.lists.challenges !== undefined) {
    tooMany('challenges');
    change.challenges = sent.lists.challenges.map(({ index, row }): ChallengeInput => {
      const at = (field: string) => named('challenges', index, field);
      const description = (row.description ?? '').trim();
      if (description === '') errors[at('description')] = t('core.field.required');
      else if (!storableText(description)) errors[at('description')] = t('core.field.badCharacters');
      else if (description.length > EDIT_LIMITS.rowText)
        errors[at('description')] = t('core.field.tooLong', { limit: EDIT_LIMITS.rowText });
      const mitigation = (row.mitigation ?? '').trim();
      if (!storableText(mitigation)) errors[at('mitigation')] = t('core.field.badCharacters');
      else if (mitigation.length > EDIT_LIMITS.rowText)
        errors[at('mitigation')] = t('core.field.tooLong', { limit: EDIT_LIMITS.rowText });
      const raisedOn = date(row.raised_on, at('raised_on'), true);
      const resolvedOn = date(row.resolved_on, at('resolved_on'));
      if (raisedOn && resolvedOn && resolvedOn < raisedOn && !errors[at('resolved_on')])
        errors[at('resolved_on')] = t('actions.edit.error.resolvedBeforeRaised');
      return {
        description,
        impact: choose(IMPACTS, row.impact, 'medium', at('impact')),
        mitigation,
        status: choose(CHALLENGE_STATUSES, row.status, 'open', at('status')),
        raisedOn: raisedOn ?? '',
        resolvedOn,
      };
    });
  }

  // Progress worked out from deliverables needs some that weigh.
  if (mode === 'deliverables' && !errors.progress_mode) {
    const deliverables = change.deliverables ?? c.storedDeliverables;
    if (!deliverables.some((d) => d.status !== 'cancelled' && Number(d.weight) > 0))
      errors.progress_mode = t('actions.edit.error.noDeliverables');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (sent.tags !== undefined) change.tags = { labels: sent.tags, lang: c.action?.originalLang ?? lang };
  return { ok: true, change, explanation: explanation.trim(), lang };
}

/**
 * What the plan refused, at the field it came from: a row's by the index the form or the API named
 * it with (`rows[list][i]` is the naming index of the change's i-th row), in the reader's words.
 */
export function refusedEdit(error: ActionChangeError, naming: Naming, body: unknown, t: Translator['t']): FieldErrors {
  const [head, index, field] = error.field.split('/');
  let name = error.field;
  if (head && index !== undefined && field !== undefined && head in LISTS) {
    const list = head as ListName;
    let at = Number(index);
    if (naming === 'form') {
      const kept = sentOfForm(formValues(body)).lists[list] ?? [];
      at = kept[at]?.index ?? at;
    }
    name = rowField(naming, list, at, field);
  }
  if (error.field === 'number') name = '_form';
  const known = ['range', 'date', 'beforeStart', 'outside', 'required', 'unknown', 'url'];
  const reason = error.reason === 'url' ? 'actions.edit.error.url' : `actions.update.error.${error.reason}`;
  return { [name]: t(known.includes(error.reason) ? reason : 'actions.update.error.invalid') };
}

/** An empty row of a list, with its choices at their defaults (`lead`: an organisation row that leads). */
export function blankRow(list: ListName, lead = false): Row {
  const row: Row = Object.fromEntries(LISTS[list].fields.map((f) => [f, '']));
  if (list === 'organisations') row.role = lead ? 'lead' : 'contributor';
  if (list === 'activities' || list === 'deliverables') row.status = 'planned';
  if (list === 'deliverables') Object.assign(row, { type: 'report', weight: '1' });
  if (list === 'challenges') Object.assign(row, { impact: 'medium', status: 'open' });
  return row;
}

/** The values with `count` empty rows after each list's rows (the first organisation row leads when none does). */
export function withBlankRows(values: EditValues, count: number): EditValues {
  const out = { ...values };
  for (const list of LIST_NAMES) {
    const leads = values.organisations.some((o) => o.role === 'lead');
    out[list] = [
      ...values[list],
      ...[...Array(count).keys()].map((i) => blankRow(list, list === 'organisations' && !leads && i === 0)),
    ];
  }
  return out;
}

/** The form of a new action: planned, progress by hand, in the page's language, public. */
export function newValues(lang: string): EditValues {
  const values = Object.fromEntries(TOP_FIELDS.map((f) => [f, ''])) as unknown as EditValues;
  Object.assign(values, { status: 'planned', progress_mode: 'manual', progress: '0', lang });
  for (const list of LIST_NAMES) values[list] = [];
  return values;
}

/** The form's values of an action as stored. */
export function storedValues(
  action: Action,
  stored: {
    themePosition: number | null;
    tags: readonly string[];
    organisations: readonly { slug: string; role: string }[];
    activities: readonly ActivityRow[];
    deliverables: readonly DeliverableRow[];
    challenges: readonly ChallengeRow[];
  },
): EditValues {
  return {
    title: action.title,
    description: action.description,
    theme: stored.themePosition === null ? '' : String(stored.themePosition),
    members_only: action.membersOnly ? 'on' : '',
    tags: stored.tags.join(', '),
    support_needed: action.supportNeeded,
    status: action.status,
    progress_mode: action.progressMode,
    progress: String(action.progress),
    starts_on: action.startsOn ?? '',
    ends_on: action.endsOn ?? '',
    explanation: '',
    lang: action.originalLang,
    organisations: stored.organisations.map((o) => ({ organisation: o.slug, role: o.role })),
    activities: stored.activities.map((a) => ({
      title: a.title,
      status: a.status,
      starts_on: a.starts_on ?? '',
      ends_on: a.ends_on ?? '',
    })),
    deliverables: stored.deliverables.map((d) => ({
      title: d.title,
      type: d.type,
      due_on: d.due_on ?? '',
      status: d.status,
      weight: String(d.weight),
      evidence_url: d.evidence_url ?? '',
      evidence_post: d.evidence_post_id === null ? '' : String(d.evidence_post_id),
      evidence_file: d.evidence_file_id === null ? '' : String(d.evidence_file_id),
    })),
    challenges: stored.challenges.map((c) => ({
      description: c.description,
      impact: c.impact,
      mitigation: c.mitigation,
      status: c.status,
      raised_on: c.raised_on,
      resolved_on: c.resolved_on ?? '',
    })),
  };
}

/**
 * The version an edit or an update was made from: the form's hidden field, or the API's optional `version`.
 * Without one (an older form, a script that does not say), the change is not checked against others.
 */
export function basedOn(body: unknown, naming: Naming): number | undefined | 'invalid' {
  const sent = (body as Record<string, unknown> | undefined)?.version;
  if (sent === undefined) return undefined;
  if (naming === 'api')
    return typeof sent === 'number' && Number.isSafeInteger(sent) && sent >= 1 && sent <= 2_147_483_647
      ? sent
      : 'invalid';
  return typeof sent === 'string' && /^[1-9][0-9]{0,8}$/.test(sent) ? Number(sent) : 'invalid';
}

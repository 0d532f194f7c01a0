import type { Selectable } from 'kysely';
import type { FieldErrors } from '../../core/http/forms.js';
import { storableText } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { Action } from './actions.queries.js';
import { isPlanDate, type ActionChange, type ActionChangeError, type DeliverableInput } from './actions.service.js';
import { ACTION_STATUSES, WORK_STATUSES, type ActionDeliverableTable, type WorkStatus } from './actions.tables.js';

// Updating an action (its form and its API call share this): the fields as text, checked one by
// one into a change for `changeAction`; what the plan refuses (`ActionChangeError`) is named at its
// field in the same words. The form names a deliverable's fields `deliverable_<i>_status`; the API
// `deliverables/<i>/status` (a pointer into its body).

export const EXPLANATION_MAX = 2000;

type Deliverable = Selectable<ActionDeliverableTable>;

/** An update as typed: the action's fields and each deliverable's status and due date, as text. */
export interface UpdateValues {
  status: string;
  progress: string;
  starts_on: string;
  ends_on: string;
  explanation: string;
  deliverables: { status: string; due_on: string }[];
}

/** A deliverable's field as the form names it, or as the API's pointer does. */
export type FieldNaming = 'form' | 'api';
export const deliverableField = (naming: FieldNaming, i: number, field: 'status' | 'due_on') =>
  naming === 'form' ? `deliverable_${i}_${field}` : `deliverables/${i}/${field}`;

/** The form's values of an action as stored. */
export function storedUpdate(action: Action, deliverables: readonly Deliverable[]): UpdateValues {
  return {
    status: action.status,
    progress: String(action.progress),
    starts_on: action.startsOn ?? '',
    ends_on: action.endsOn ?? '',
    explanation: '',
    deliverables: deliverables.map((d) => ({ status: d.status, due_on: d.due_on ?? '' })),
  };
}

const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : undefined;

/**
 * What was sent, as text (at most what each field may hold; anything that is not text or a number
 * is missing): a form's flat fields (`deliverable_0_status`), or the API's `deliverables` list.
 */
export function sentUpdate(
  body: unknown,
  naming: FieldNaming,
  count: number,
): Partial<Omit<UpdateValues, 'deliverables'>> & {
  deliverables: { status?: string; due_on?: string }[];
  deliverablesSent: boolean;
} {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const list = naming === 'api' && Array.isArray(source.deliverables) ? (source.deliverables as unknown[]) : null;
  const deliverables = [...Array(count).keys()].map((i) => {
    if (naming === 'form')
      return {
        status: text(source[`deliverable_${i}_status`], 20),
        due_on: text(source[`deliverable_${i}_due_on`], 20),
      };
    const item = list?.[i];
    const d = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    return { status: text(d.status, 20), due_on: d.due_on === null ? '' : text(d.due_on, 20) };
  });
  const date = (v: unknown) => (v === null ? '' : text(v, 20));
  return {
    status: text(source.status, 20),
    progress: text(source.progress, 20),
    starts_on: date(source.starts_on),
    ends_on: date(source.ends_on),
    explanation: text(source.explanation, EXPLANATION_MAX + 1),
    deliverables: deliverables as { status?: string; due_on?: string }[],
    deliverablesSent: naming === 'form' || list !== null,
  };
}

export type Checked = { ok: true; change: ActionChange; explanation: string } | { ok: false; errors: FieldErrors };

/**
 * Checks an update of `action` (with its `deliverables` as stored): the status is required and one
 * of the words (`merged` only for an action merged already: merging has its own step); progress whole
 * 0–100 (left as it is when worked out from the deliverables); dates `YYYY-MM-DD` or empty; the
 * explanation text of at most 2,000 characters. A field left out of the API's body stays as it is.
 */
export function checkUpdate(
  body: unknown,
  action: Action,
  deliverables: readonly Deliverable[],
  naming: FieldNaming,
  t: Translator['t'],
): Checked {
  const sent = sentUpdate(body, naming, deliverables.length);
  const errors: FieldErrors = {};
  const change: ActionChange = {};
  const statuses: readonly string[] = ACTION_STATUSES.filter((s) => s !== 'merged' || action.status === 'merged');
  if (!sent.status) errors.status = t('core.field.required');
  else if (!statuses.includes(sent.status)) errors.status = t('core.field.choose');
  else change.status = sent.status as ActionChange['status'];

  if (action.progressMode === 'manual' && sent.progress !== undefined) {
    if (sent.progress.trim() === '') errors.progress = t('core.field.required');
    else if (!/^[0-9]{1,3}$/.test(sent.progress.trim())) errors.progress = t('actions.update.error.progressWhole');
    else {
      const progress = Number(sent.progress.trim());
      if (progress > 100) errors.progress = t('actions.update.error.range');
      else change.progress = progress;
    }
  }
  for (const field of ['starts_on', 'ends_on'] as const) {
    const value = sent[field]?.trim();
    if (value === undefined) continue;
    if (value !== '' && !isPlanDate(value)) errors[field] = t('actions.update.error.date');
    else change[field === 'starts_on' ? 'startsOn' : 'endsOn'] = value === '' ? null : value;
  }
  const explanation = sent.explanation ?? '';
  if (!storableText(explanation)) errors.explanation = t('core.field.badCharacters');
  else if (explanation.length > EXPLANATION_MAX)
    errors.explanation = t('core.field.tooLong', { limit: EXPLANATION_MAX });

  if (sent.deliverablesSent && deliverables.length > 0) {
    const changed: DeliverableInput[] = deliverables.map((d, i) => {
      const got = sent.deliverables[i] ?? {};
      let status = d.status;
      if (got.status !== undefined) {
        if ((WORK_STATUSES as readonly string[]).includes(got.status)) status = got.status as WorkStatus;
        else errors[deliverableField(naming, i, 'status')] = t('core.field.choose');
      }
      let dueOn = d.due_on;
      const due = got.due_on?.trim();
      if (due !== undefined) {
        if (due !== '' && !isPlanDate(due))
          errors[deliverableField(naming, i, 'due_on')] = t('actions.update.error.date');
        else dueOn = due === '' ? null : due;
      }
      return {
        title: d.title,
        type: d.type,
        dueOn,
        status,
        weight: d.weight,
        evidenceUrl: d.evidence_url,
        evidencePostId: d.evidence_post_id,
        evidenceFileId: d.evidence_file_id,
      };
    });
    change.deliverables = changed;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, change, explanation: explanation.trim() };
}

/** What the plan refused, at its field (a deliverable's as the form or API names it), in the reader's words. */
export function refusedAt(error: ActionChangeError, naming: FieldNaming, t: Translator['t']): FieldErrors {
  const [head, index, field] = error.field.split('/');
  const name =
    head === 'deliverables' && index !== undefined && (field === 'status' || field === 'due_on')
      ? deliverableField(naming, Number(index), field)
      : error.field;
  const known = ['range', 'date', 'beforeStart', 'outside', 'required', 'unknown'];
  return { [name]: t(`actions.update.error.${known.includes(error.reason) ? error.reason : 'invalid'}`) };
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, CheckedForm, Field, fieldParts, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { EDIT_LIMITS, LIST_NAMES, LISTS, rowField, type EditValues, type ListName, type Row } from '../actions.edit.js';
import { actionPath } from '../actions.present.js';
import {
  ACTION_STATUSES,
  CHALLENGE_STATUSES,
  DELIVERABLE_TYPES,
  IMPACTS,
  ORGANISATION_ROLES,
  PROGRESS_MODES,
  WORK_STATUSES,
} from '../actions.tables.js';
import { actionLabel, planCrumbs } from './parts.js';

type Option = { value: string; label: string };

/** What the form offers to choose from. */
export interface EditChoices {
  themes: { position: number; title: string }[];
  /** The partnership's organisations first, then the rest of the directory. */
  organisations: { label: string; options: Option[] }[];
  /** News posts of the partnership the editor may see (evidence). */
  posts: Option[];
  /** The action's files given as evidence (value: the file's id, label: its name). */
  files: Option[];
}

export interface EditView {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  /** The action edited; null for a new one. */
  action: { number: number; title: string; lang: string; merged: boolean } | null;
  values: EditValues;
  errors: FieldErrors;
  choices: EditChoices;
  /** How many deliverables the action has stored (the first rows of the form as stored). */
  storedDeliverables: number;
  /** The version the form is made from (null for a new action): sent back as a hidden field. */
  version: number | null;
}

/** A row's heading: "Key activity 2". */
const rowName = (page: PageContext, list: ListName, i: number) => page.t(`actions.edit.row.${list}`, { n: i + 1 });

/** Every field's name in the error summary: the action's own, and each row's as "Key activity 2: title". */
function labelsOf(page: PageContext, values: EditValues): Record<string, string> {
  const { t } = page;
  const labels: Record<string, string> = {
    title: t('actions.edit.field.title'),
    lang: t('actions.edit.field.lang'),
    description: t('actions.edit.field.description'),
    theme: t('actions.field.theme'),
    tags: t('actions.field.tags'),
    members_only: t('actions.edit.field.membersOnly'),
    support_needed: t('actions.edit.field.supportNeeded'),
    status: t('actions.field.status'),
    progress_mode: t('actions.edit.field.progressMode'),
    progress: t('actions.update.progress'),
    starts_on: t('actions.update.startsOn'),
    ends_on: t('actions.update.endsOn'),
    explanation: t('actions.update.explanation'),
    _form: t('actions.edit.title.new'),
    version: t('actions.edit.field.version'),
  };
  for (const list of LIST_NAMES)
    values[list].forEach((_row, i) => {
      for (const field of LISTS[list].fields)
        labels[rowField('form', list, i, field)] = t('actions.edit.rowField', {
          row: rowName(page, list, i),
          field: t(`actions.edit.field.${field}`),
        });
    });
  return labels;
}

/** The form of a new action or of an action's edit: its fields, then each list as rows with an empty one to add. */
export function EditPage({ page, view }: { page: PageContext; view: EditView }) {
  const { t } = page;
  const { values, errors, action, partnership } = view;
  const plan = `/partnerships/${partnership.slug}/actions`;
  const base = action ? actionPath(partnership.slug, action.number) : plan;
  const heading = action
    ? t('actions.edit.title.edit', { action: actionLabel(page, action.number) })
    : t('actions.edit.title.new');
  const labels = labelsOf(page, values);
  const field = (name: string) => ({
    name,
    label: labels[name]!,
    value: values[name as keyof EditValues] as string,
    error: errors[name],
  });
  const words = (list: readonly string[], prefix: string): Option[] =>
    list.map((w) => ({ value: w, label: t(`${prefix}.${w}`) }));
  const statuses = ACTION_STATUSES.filter((s) => s !== 'merged' || action?.merged);
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        ...planCrumbs(page, partnership),
        ...(action ? [{ label: actionLabel(page, action.number), path: base }] : []),
        { label: action ? t('actions.edit.crumb') : t('actions.edit.title.new') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={view.tabs} current="/actions">
        <h1>{heading}</h1>
        {action ? (
          <p>
            <a href={page.href(base)} lang={action.lang !== page.locale ? action.lang : undefined}>
              {action.title}
            </a>
          </p>
        ) : null}
        <CheckedForm
          page={page}
          errors={errors}
          labels={labels}
          action={page.href(action ? `${base}/edit` : `${plan}/new`)}
        >
          {view.version === null ? null : <input type="hidden" name="version" value={String(view.version)} />}
          {errors._form && action ? (
            <p>
              <a href={page.href(`${base}/history`)}>{t('actions.edit.seeHistory')}</a>
            </p>
          ) : null}
          <fieldset class="fieldset">
            <legend>{t('actions.edit.section.about')}</legend>
            <Field {...field('title')} required maxLength={EDIT_LIMITS.title} />
            {action ? null : (
              <Select
                {...field('lang')}
                options={EU_LANGUAGES.map((code) => ({ value: code, label: nativeLanguageName(code) }))}
              />
            )}
            <Field {...field('description')} multiline hint={t('actions.edit.hint.description')} />
            <Select
              {...field('theme')}
              options={[
                { value: '', label: t('actions.plan.noTheme') },
                ...view.choices.themes.map((th) => ({ value: String(th.position), label: th.title })),
              ]}
            />
            <Field {...field('tags')} hint={t('actions.edit.hint.tags')} />
            <div class="field">
              <input type="checkbox" id="field-members_only" name="members_only" checked={!!values.members_only} />{' '}
              <label for="field-members_only">{labels.members_only}</label>
            </div>
            <Field
              {...field('support_needed')}
              multiline
              hint={t('actions.edit.hint.supportNeeded')}
              maxLength={EDIT_LIMITS.support_needed}
            />
          </fieldset>
          <fieldset class="fieldset">
            <legend>{t('actions.edit.section.progress')}</legend>
            <Select {...field('status')} options={words(statuses, 'actions.status')} />
            <Select
              {...field('progress_mode')}
              hint={t('actions.edit.hint.progressMode')}
              options={PROGRESS_MODES.map((m) => ({ value: m, label: t(`actions.edit.progressMode.${m}`) }))}
            />
            <Field {...field('progress')} type="number" hint={t('actions.edit.hint.progress')} />
            <Field {...field('starts_on')} type="date" hint={t('actions.update.dateHint')} />
            <Field {...field('ends_on')} type="date" hint={t('actions.update.dateHint')} />
          </fieldset>
          {LIST_NAMES.map((list) => (
            <fieldset class="fieldset" id={`rows-${list}`}>
              <legend>{t(`actions.edit.section.${list}`)}</legend>
              {list === 'organisations' ? <p class="field__hint">{t('actions.edit.hint.organisations')}</p> : null}
              {values[list].length === 0 ? <p>{t('actions.none')}</p> : null}
              {values[list].map((row, i) => (
                <RowFields
                  page={page}
                  base={action ? base : null}
                  linked={list === 'deliverables' && i < view.storedDeliverables && Object.keys(errors).length === 0}
                  list={list}
                  i={i}
                  row={row}
                  errors={errors}
                  choices={view.choices}
                  words={words}
                />
              ))}
            </fieldset>
          ))}
          <Field
            {...field('explanation')}
            hint={t('actions.update.explanationHint')}
            multiline
            maxLength={EDIT_LIMITS.explanation}
          />
          <div class="page-actions">
            <Button>{action ? t('actions.edit.save') : t('actions.edit.create')}</Button>
            <button type="submit" class="button button--secondary" name="more" value="rows">
              {action ? t('actions.edit.saveAndMore') : t('actions.edit.createAndMore')}
            </button>
            <a href={page.href(base)}>{t('actions.edit.cancel')}</a>
          </div>
        </CheckedForm>
      </PartnershipFrame>
    </Layout>
  );
}

/** One row of a list: its fields under the row's name, and a box to tick to remove it. */
function RowFields({
  page,
  base,
  linked,
  list,
  i,
  row,
  errors,
  choices,
  words,
}: {
  page: PageContext;
  /** The action's page, after `/{lang}` (null for a new action: it has no files yet). */
  base: string | null;
  /** A stored deliverable, in the form as stored: it links to its evidence page. */
  linked: boolean;
  list: ListName;
  i: number;
  row: Row;
  errors: FieldErrors;
  choices: EditChoices;
  words: (list: readonly string[], prefix: string) => Option[];
}) {
  const { t } = page;
  const name = (f: string) => rowField('form', list, i, f);
  // In the row's own fieldset the field's short name is enough; the summary names the row too.
  const field = (f: string) => ({
    name: name(f),
    label: t(`actions.edit.field.${f}`),
    value: row[f] ?? '',
    error: errors[name(f)],
  });
  const removeId = `field-${name('remove')}`;
  const fields: Record<ListName, () => unknown> = {
    organisations: () => (
      <>
        <Select
          {...field('organisation')}
          options={[{ value: '', label: t('actions.edit.chooseOrganisation') }]}
          groups={choices.organisations}
        />
        <Select {...field('role')} options={words(ORGANISATION_ROLES, 'actions.edit.role')} />
      </>
    ),
    activities: () => (
      <>
        <Field {...field('title')} maxLength={EDIT_LIMITS.rowTitle} />
        <Select {...field('status')} options={words(WORK_STATUSES, 'actions.status')} />
        <Field {...field('starts_on')} type="date" />
        <Field {...field('ends_on')} type="date" />
      </>
    ),
    deliverables: () => (
      <>
        <Field {...field('title')} maxLength={EDIT_LIMITS.rowTitle} />
        <Select {...field('type')} options={words(DELIVERABLE_TYPES, 'actions.deliverableType')} />
        <Field {...field('due_on')} type="date" />
        <Select {...field('status')} options={words(WORK_STATUSES, 'actions.status')} />
        <Field {...field('weight')} type="number" hint={t('actions.edit.hint.weight')} />
        <Field {...field('evidence_url')} type="url" hint={t('actions.edit.hint.evidence')} />
        <Select
          {...field('evidence_post')}
          options={[{ value: '', label: t('actions.edit.noPost') }, ...choices.posts]}
        />
        <EvidenceFile
          page={page}
          base={base}
          i={i}
          row={row}
          error={errors[name('evidence_file')]}
          files={choices.files}
          linked={linked}
        />
      </>
    ),
    challenges: () => (
      <>
        <Field {...field('description')} multiline maxLength={EDIT_LIMITS.rowText} />
        <Select
          {...field('impact')}
          options={IMPACTS.map((w) => ({ value: w, label: t(`actions.edit.impact.${w}`) }))}
        />
        <Field {...field('mitigation')} multiline maxLength={EDIT_LIMITS.rowText} />
        <Select {...field('status')} options={words(CHALLENGE_STATUSES, 'actions.challenge')} />
        <Field {...field('raised_on')} type="date" />
        <Field {...field('resolved_on')} type="date" />
      </>
    ),
  };
  return (
    <fieldset class="fieldset">
      <legend>{rowName(page, list, i)}</legend>
      {fields[list]()}
      <div class="field">
        <input type="checkbox" id={removeId} name={name('remove')} value="on" checked={row.remove === 'on'} />{' '}
        <label for={removeId}>{t('actions.edit.remove', { row: rowName(page, list, i) })}</label>
      </div>
    </fieldset>
  );
}

/**
 * A deliverable's file as evidence, in the edit form: a box to keep it (untick to take it away on
 * saving), and the link to the page that attaches or replaces one (a form of its own: it sends a file),
 * for a deliverable stored already (`linked`).
 */
function EvidenceFile({
  page,
  base,
  i,
  row,
  error,
  files,
  linked,
}: {
  page: PageContext;
  base: string | null;
  i: number;
  row: Row;
  error: string | undefined;
  files: Option[];
  linked: boolean;
}) {
  const { t } = page;
  const name = rowField('form', 'deliverables', i, 'evidence_file');
  const parts = fieldParts(name, undefined, error);
  const kept = row.evidence_file ? files.find((f) => f.value === row.evidence_file) : undefined;
  const rowLabel = t('actions.edit.row.deliverables', { n: i + 1 });
  if (!kept && !row.evidence_file && !(linked && base)) return null;
  return (
    <div class={parts.wrapperClass}>
      {parts.messages}
      {row.evidence_file ? (
        <>
          <input
            type="checkbox"
            id={parts.id}
            name={name}
            value={row.evidence_file}
            checked
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={parts.describedBy}
          />{' '}
          <label for={parts.id}>{t('actions.edit.keepFile', { name: kept?.label ?? `#${row.evidence_file}` })}</label>
        </>
      ) : null}
      {linked && base ? (
        <p>
          <a href={page.href(`${base}/deliverables/${i}/evidence`)}>
            {t(kept ? 'actions.edit.replaceFile' : 'actions.edit.attachFile', { row: rowLabel })}
          </a>
        </p>
      ) : null}
    </div>
  );
}

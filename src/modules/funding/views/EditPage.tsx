import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, CheckedForm, Field, fieldParts, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { EDIT_LIMITS, nameOf, SCALARS, type EditValues } from '../funding.edit.js';
import { ELIGIBLE_KINDS, ELIGIBLE_SIZES, OPPORTUNITY_KINDS, POLICY_STAGES } from '../funding.tables.js';

type Option = { value: string; label: string };

/** The form of a new item, an item's edit, or a member's suggestion. */
export interface EditView {
  mode: 'new' | 'edit' | 'suggest';
  /** The item edited. */
  item: { id: number; title: string; lang: string } | null;
  values: EditValues;
  errors: FieldErrors;
  programmes: Option[];
}

/** Every field's name, for the error summary (a deadline row's as "Deadline 2: date and time"). */
function labelsOf(page: PageContext, values: EditValues): Record<string, string> {
  const { t } = page;
  const labels: Record<string, string> = { _form: t('funding.edit.formProblem') };
  // The item's own fields (version and countries are labelled below), and the deadlines' list.
  for (const field of [...SCALARS.filter((f) => f !== 'version' && f !== 'eligible_countries'), 'deadlines'])
    labels[field] = t(`funding.edit.field.${field}`);
  labels.version = t('funding.edit.formProblem');
  for (const dim of ['kinds', 'countries', 'sizes'])
    labels[`eligible_${dim}`] = t(`funding.edit.field.eligibility.${dim}`);
  values.deadlines.forEach((_row, i) => {
    for (const f of ['at', 'label'])
      labels[nameOf('form', `deadlines/${i}/${f}`)] = t('funding.edit.rowField', {
        row: t('funding.edit.deadline', { n: i + 1 }),
        field: t(`funding.edit.field.deadline.${f}`),
      });
  });
  return labels;
}

/** A group of checkboxes under its legend, with its message. */
function Checkboxes({
  name,
  legend,
  options,
  checked,
  error,
  hint,
}: {
  name: string;
  legend: string;
  options: Option[];
  checked: readonly string[];
  error?: string | undefined;
  hint?: string;
}) {
  const parts = fieldParts(name, hint, error);
  return (
    <fieldset class={`fieldset ${parts.wrapperClass}`} id={parts.id} aria-describedby={parts.describedBy}>
      <legend>{legend}</legend>
      {parts.messages}
      {options.map((o) => (
        <div class="field__choice">
          <input
            type="checkbox"
            id={`${parts.id}-${o.value}`}
            name={name}
            value={o.value}
            checked={checked.includes(o.value)}
          />{' '}
          <label for={`${parts.id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The zone field: a text with the IANA zones as suggestions (a `<datalist>`: no script). */
function ZoneField({ page, value, error, label }: { page: PageContext; value: string; error?: string; label: string }) {
  const { id, describedBy, messages, wrapperClass } = fieldParts(
    'time_zone',
    page.t('funding.edit.hint.timeZone'),
    error,
  );
  return (
    <div class={wrapperClass}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {messages}
      <input
        id={id}
        name="time_zone"
        type="text"
        class={`input${error ? ' input--error' : ''}`}
        value={value}
        list="funding-time-zones"
        autoComplete="off"
        maxLength={64}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <datalist id="funding-time-zones">
        {Intl.supportedValuesOf('timeZone').map((zone) => (
          <option value={zone} />
        ))}
      </datalist>
    </div>
  );
}

/** The item's form: about it, dates, money, who may apply, then the explanation of the change. */
export function EditPage({ page, view }: { page: PageContext; view: EditView }) {
  const { t } = page;
  const { values, errors, item, mode } = view;
  const heading =
    mode === 'edit'
      ? t('funding.edit.title.edit', { title: item?.title ?? '' })
      : mode === 'suggest'
        ? t('funding.suggest.title')
        : t('funding.edit.title.new');
  const labels = labelsOf(page, values);
  const field = (name: keyof EditValues & string) => ({
    name,
    label: labels[name]!,
    value: values[name] as string,
    error: errors[name],
  });
  const base = item ? `/funding/${item.id}` : '/funding';
  const action = mode === 'edit' ? `${base}/edit` : mode === 'suggest' ? '/funding/suggest' : '/funding/new';
  const words = (list: readonly string[], prefix: string): Option[] =>
    list.map((w) => ({ value: w, label: t(`${prefix}.${w}`) }));
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[
        { label: t('funding.edit.crumb.register'), path: '/funding' },
        ...(item ? [{ label: item.title, path: base }] : []),
        { label: mode === 'edit' ? t('funding.edit.crumb.edit') : heading },
      ]}
    >
      <h1>{heading}</h1>
      {mode === 'suggest' ? <p>{t('funding.suggest.intro')}</p> : null}
      <CheckedForm page={page} errors={errors} labels={labels} action={page.href(action)}>
        {mode === 'edit' ? <input type="hidden" name="version" value={values.version} /> : null}
        <fieldset class="fieldset">
          <legend>{t('funding.edit.section.about')}</legend>
          <Select {...field('kind')} options={words(OPPORTUNITY_KINDS, 'funding.kind')} />
          <Select
            {...field('programme')}
            options={[{ value: '', label: t('funding.edit.noProgramme') }, ...view.programmes]}
          />
          <Field {...field('title')} required maxLength={EDIT_LIMITS.title} />
          {mode !== 'edit' ? (
            <Select
              {...field('lang')}
              options={EU_LANGUAGES.map((code) => ({ value: code, label: nativeLanguageName(code) }))}
            />
          ) : null}
          <Field {...field('summary')} multiline required maxLength={EDIT_LIMITS.summary} />
          <Field {...field('body')} multiline hint={t('funding.edit.hint.body')} />
          <Select
            {...field('stage')}
            hint={t('funding.edit.hint.stage')}
            options={[{ value: '', label: t('funding.edit.noStage') }, ...words(POLICY_STAGES, 'funding.stage')]}
          />
          <Field {...field('tags')} hint={t('funding.edit.hint.tags')} />
        </fieldset>
        <fieldset class="fieldset" id="rows-deadlines">
          <legend>{t('funding.edit.section.dates')}</legend>
          <ZoneField page={page} value={values.time_zone} error={errors.time_zone} label={labels.time_zone!} />
          <Field {...field('opens_at')} type="datetime-local" hint={t('funding.edit.hint.opensAt')} />
          {errors.deadlines ? (
            <p class="field__error" id="field-deadlines">
              {errors.deadlines}
            </p>
          ) : null}
          <p class="field__hint">{t('funding.edit.hint.deadlines')}</p>
          {values.deadlines.map((row, i) => {
            const name = (f: 'at' | 'label') => nameOf('form', `deadlines/${i}/${f}`);
            const removeId = `field-deadline_${i}_remove`;
            return (
              <fieldset class="fieldset">
                <legend>{t('funding.edit.deadline', { n: i + 1 })}</legend>
                <Field
                  name={name('at')}
                  label={t('funding.edit.field.deadline.at')}
                  value={row.at}
                  error={errors[name('at')]}
                  type="datetime-local"
                />
                <Field
                  name={name('label')}
                  label={t('funding.edit.field.deadline.label')}
                  value={row.label}
                  error={errors[name('label')]}
                  hint={t('funding.edit.hint.deadlineLabel')}
                  maxLength={EDIT_LIMITS.label}
                />
                <div class="field">
                  <input
                    type="checkbox"
                    id={removeId}
                    name={`deadline_${i}_remove`}
                    value="on"
                    checked={row.remove === 'on'}
                  />{' '}
                  <label for={removeId}>{t('funding.edit.removeDeadline', { n: i + 1 })}</label>
                </div>
              </fieldset>
            );
          })}
        </fieldset>
        <fieldset class="fieldset">
          <legend>{t('funding.edit.section.money')}</legend>
          <Field {...field('budget_eur')} hint={t('funding.edit.hint.amount')} />
          <Field {...field('grant_min_eur')} hint={t('funding.edit.hint.amount')} />
          <Field {...field('grant_max_eur')} hint={t('funding.edit.hint.amount')} />
          <Field {...field('cofinancing_rate')} hint={t('funding.edit.hint.rate')} />
        </fieldset>
        <fieldset class="fieldset">
          <legend>{t('funding.edit.section.eligibility')}</legend>
          <p class="field__hint">{t('funding.edit.hint.eligibility')}</p>
          <Checkboxes
            name="eligible_kinds"
            legend={labels.eligible_kinds!}
            options={words(ELIGIBLE_KINDS, 'organisations.kind')}
            checked={values.eligible_kinds}
            error={errors.eligible_kinds}
          />
          <Checkboxes
            name="eligible_sizes"
            legend={labels.eligible_sizes!}
            options={words(ELIGIBLE_SIZES, 'organisations.size')}
            checked={values.eligible_sizes}
            error={errors.eligible_sizes}
          />
          <Field
            {...field('eligible_countries')}
            hint={t('funding.edit.hint.countries')}
            maxLength={EDIT_LIMITS.countries}
          />
        </fieldset>
        <fieldset class="fieldset">
          <legend>{t('funding.edit.section.more')}</legend>
          <Field {...field('url')} type="url" maxLength={EDIT_LIMITS.url} />
          <Field {...field('contact')} maxLength={EDIT_LIMITS.contact} />
          {mode !== 'suggest' ? <Field {...field('external_id')} hint={t('funding.edit.hint.externalId')} /> : null}
        </fieldset>
        <Field
          {...field('explanation')}
          multiline
          hint={t(mode === 'suggest' ? 'funding.suggest.hint.explanation' : 'funding.edit.hint.explanation')}
          maxLength={EDIT_LIMITS.explanation}
        />
        <div class="page-actions">
          <Button>
            {t(
              mode === 'edit'
                ? 'funding.edit.save'
                : mode === 'suggest'
                  ? 'funding.suggest.send'
                  : 'funding.edit.create',
            )}
          </Button>
          {mode !== 'suggest' ? (
            <button type="submit" class="button button--secondary" name="more" value="rows">
              {t('funding.edit.saveAndMore')}
            </button>
          ) : null}
          <a href={page.href(base)}>{t('funding.edit.cancel')}</a>
        </div>
      </CheckedForm>
    </Layout>
  );
}

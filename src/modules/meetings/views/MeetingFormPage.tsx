import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, CheckedForm, Field, fieldParts, fieldsOf, Select } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { MeetingFormValues } from '../meetings.form.js';
import { Checkbox, meetingsCrumb, PlanningLayout } from './form-kit.js';
import { ordinal } from './parts.js';

let zones: string[] | undefined;
/** Every IANA time zone this Node knows, for the field's suggestions (worked out once). */
const timeZones = () => (zones ??= Intl.supportedValuesOf('timeZone'));

/** A text field whose suggestions come from a `<datalist>` (no script: the browser offers them). */
function ZoneField({ page, value, error }: { page: PageContext; value: string; error?: string | undefined }) {
  const { id, describedBy, messages, wrapperClass } = fieldParts('time_zone', page.t('meetings.form.zoneHint'), error);
  return (
    <div class={wrapperClass}>
      <label class="field__label" for={id}>
        {page.t('meetings.form.zone')}
      </label>
      {messages}
      <input
        id={id}
        name="time_zone"
        type="text"
        class={`input${error ? ' input--error' : ''}`}
        value={value}
        list="time-zones"
        autoComplete="off"
        maxLength={64}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <datalist id="time-zones">
        {timeZones().map((zone) => (
          <option value={zone} />
        ))}
      </datalist>
    </div>
  );
}

/** Planning a new meeting, or editing one (`number` given: then registration has its own form). */
export function MeetingFormPage({
  page,
  partnership,
  number,
  values,
  errors,
  hosts,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  number?: number;
  values: MeetingFormValues;
  errors: FieldErrors;
  /** The partnership's organisations, as hosts to choose from: slug and name. */
  hosts: { slug: string; name: string }[];
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const editing = number !== undefined;
  const title = editing
    ? t('meetings.form.editTitle', { meeting: ordinal(page, number) })
    : t('meetings.form.newTitle');
  const labels: Record<string, string> = {
    title: t('meetings.form.title'),
    description: t('meetings.form.description'),
    starts_at: t('meetings.form.start'),
    ends_at: t('meetings.form.end'),
    time_zone: t('meetings.form.zone'),
    venue: t('meetings.form.venue'),
    address: t('meetings.form.address'),
    city: t('meetings.form.city'),
    country: t('meetings.form.country'),
    online_url: t('meetings.form.online'),
    host: t('meetings.form.host'),
    organisations: t('meetings.form.organisations'),
    people: t('meetings.form.people'),
    tags: t('meetings.form.tags'),
    lang: t('meetings.form.lang'),
    members_only: t('meetings.form.membersOnly'),
    registration_open: t('meetings.form.registrationOpen'),
    capacity: t('meetings.form.capacity'),
    registration_deadline: t('meetings.form.deadline'),
  };
  const hostOptions = [
    { value: '', label: t('meetings.form.noHost') },
    ...hosts.map((h) => ({ value: h.slug, label: h.name })),
  ];
  if (values.host && !hosts.some((h) => h.slug === values.host))
    hostOptions.push({ value: values.host, label: values.host });
  const field = fieldsOf(values, errors, labels);
  return (
    <PlanningLayout
      page={page}
      partnership={partnership}
      title={title}
      crumbs={[meetingsCrumb(page, partnership.slug), { label: title }]}
    >
      <CheckedForm
        page={page}
        errors={errors}
        labels={labels}
        action={page.href(editing ? `${base}/meetings/${number}/edit` : `${base}/meetings/new`)}
      >
        <Field {...field('title')} required maxLength={200} />
        <fieldset class="fieldset">
          <legend>{t('meetings.form.when')}</legend>
          <Field {...field('starts_at')} type="datetime-local" required />
          <Field {...field('ends_at')} type="datetime-local" required />
          <ZoneField page={page} value={values.time_zone} error={errors.time_zone} />
        </fieldset>
        <fieldset class="fieldset">
          <legend>{t('meetings.form.where')}</legend>
          <p class="field__hint">{t('meetings.form.whereHint')}</p>
          <Field {...field('venue')} />
          <Field {...field('address')} />
          <Field {...field('city')} />
          <Field {...field('country')} hint={t('meetings.form.countryHint')} maxLength={2} />
          <Field {...field('online_url')} type="url" hint={t('meetings.form.onlineHint')} />
        </fieldset>
        <fieldset class="fieldset">
          <legend>{t('meetings.form.who')}</legend>
          <Select {...field('host')} options={hostOptions} />
          <Field {...field('organisations')} hint={t('meetings.form.organisationsHint')} multiline />
          <Field {...field('people')} hint={t('meetings.form.peopleHint')} multiline />
        </fieldset>
        <Field {...field('description')} hint={t('meetings.form.descriptionHint')} multiline />
        <Field {...field('tags')} hint={t('meetings.form.tagsHint')} />
        <Select
          {...field('lang')}
          options={EU_LANGUAGES.map((code) => ({ value: code, label: nativeLanguageName(code) }))}
        />
        <Checkbox name="members_only" label={labels.members_only!} checked={values.members_only === 'on'} />
        {editing ? null : (
          <fieldset class="fieldset">
            <legend>{t('meetings.form.registration')}</legend>
            <Checkbox
              name="registration_open"
              label={labels.registration_open!}
              checked={values.registration_open === 'on'}
            />
            <Field {...field('capacity')} type="number" hint={t('meetings.form.capacityHint')} />
            <Field {...field('registration_deadline')} type="datetime-local" hint={t('meetings.form.deadlineHint')} />
          </fieldset>
        )}
        <Button>{editing ? t('meetings.form.save') : t('meetings.form.create')}</Button>
      </CheckedForm>
    </PlanningLayout>
  );
}

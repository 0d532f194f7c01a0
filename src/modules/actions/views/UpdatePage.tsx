import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, fieldsOf, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { actionPath } from '../actions.present.js';
import { ACTION_STATUSES, WORK_STATUSES, type ProgressMode } from '../actions.tables.js';
import { deliverableField, EXPLANATION_MAX, type UpdateValues } from '../actions.update.js';
import { actionLabel } from './parts.js';

/** Updating an action: its status, progress, dates and deliverables, with an explanation kept on the version. */
export function UpdatePage({
  page,
  view,
}: {
  page: PageContext;
  view: {
    partnership: PartnershipDetail;
    tabs: readonly HubTab[];
    number: number;
    title: string;
    lang: string;
    progressMode: ProgressMode;
    /** The progress as stored (shown when it is worked out from the deliverables). */
    progress: number;
    /** May it stay merged (it is already). */
    merged: boolean;
    deliverables: { title: string }[];
    values: UpdateValues;
    errors: FieldErrors;
    /** The version the form is made from: sent back as a hidden field. */
    version: number;
  };
}) {
  const { t } = page;
  const { values, errors } = view;
  const label = actionLabel(page, view.number);
  const base = actionPath(view.partnership.slug, view.number);
  const heading = t('actions.update.title', { action: label });
  const labels: Record<string, string> = {
    status: t('actions.field.status'),
    progress: t('actions.update.progress'),
    starts_on: t('actions.update.startsOn'),
    ends_on: t('actions.update.endsOn'),
    explanation: t('actions.update.explanation'),
    version: t('actions.edit.field.version'),
  };
  view.deliverables.forEach((d, i) => {
    labels[deliverableField('form', i, 'status')] = t('actions.update.deliverableStatus', { deliverable: d.title });
    labels[deliverableField('form', i, 'due_on')] = t('actions.update.deliverableDue', { deliverable: d.title });
  });
  const field = fieldsOf(values, errors, labels);
  const statuses = ACTION_STATUSES.filter((s) => s !== 'merged' || view.merged);
  return (
    <Layout
      page={page}
      title={`${heading} – ${view.partnership.title}`}
      breadcrumbs={[
        { label: t('actions.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: `/partnerships/${view.partnership.slug}` },
        { label: t('actions.hub.tab'), path: `/partnerships/${view.partnership.slug}/actions` },
        { label, path: base },
        { label: t('actions.update.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/actions">
        <h1>{heading}</h1>
        <p>
          <a href={page.href(base)} lang={view.lang !== page.locale ? view.lang : undefined}>
            {view.title}
          </a>
        </p>
        <CheckedForm page={page} errors={errors} labels={labels} action={page.href(`${base}/update`)}>
          <input type="hidden" name="version" value={String(view.version)} />
          {errors._form ? (
            <p>
              <a href={page.href(`${base}/history`)}>{t('actions.edit.seeHistory')}</a>
            </p>
          ) : null}
          <Select {...field('status')} options={statuses.map((s) => ({ value: s, label: t(`actions.status.${s}`) }))} />
          {view.progressMode === 'manual' ? (
            <Field {...field('progress')} type="number" hint={t('actions.update.progressHint')} required />
          ) : (
            <p>{t('actions.update.progressDerived', { progress: view.progress })}</p>
          )}
          <fieldset class="fieldset">
            <legend>{t('actions.field.period')}</legend>
            <Field {...field('starts_on')} type="date" hint={t('actions.update.dateHint')} />
            <Field {...field('ends_on')} type="date" hint={t('actions.update.dateHint')} />
          </fieldset>
          {view.deliverables.length > 0 ? (
            <fieldset class="fieldset">
              <legend>{t('actions.section.deliverables')}</legend>
              {view.deliverables.map((_d, i) => {
                const status = deliverableField('form', i, 'status');
                const due = deliverableField('form', i, 'due_on');
                return (
                  <div class="fieldset__group">
                    <Select
                      {...field(status, values.deliverables[i]?.status)}
                      options={WORK_STATUSES.map((s) => ({ value: s, label: t(`actions.status.${s}`) }))}
                    />
                    <Field {...field(due, values.deliverables[i]?.due_on)} type="date" />
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          <Field
            {...field('explanation')}
            hint={t('actions.update.explanationHint')}
            multiline
            maxLength={EXPLANATION_MAX}
          />
          <Button>{t('actions.update.save')}</Button>
        </CheckedForm>
      </PartnershipFrame>
    </Layout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, fieldsOf, Select } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FramedPartnership, HubTab } from '../../partnerships/index.js';
import { FramedMeetingLayout } from './form-kit.js';

/** The minutes form's values, as stored or as typed. */
export interface MinutesValues {
  minutes: string;
  outcomes: string;
  /** The decisions in order; the form adds one empty row for a new one. */
  decisions: { text: string; action: string }[];
}

/** An action a decision may name: one of the meeting's partnership's, as the action plan module lists them. */
export interface ActionChoice {
  id: number;
  number: number;
  title: string;
}

/**
 * The coordinators' form for what came of a meeting: minutes and outcomes (Markdown), and the
 * decisions in order (one row each; an emptied row is taken out, a new one is written in the
 * last, empty row). The link to an action shows only when an action plan module is installed.
 */
export function MinutesPage({
  page,
  partnership,
  tabs,
  base,
  title,
  values,
  errors,
  actions,
}: {
  page: PageContext;
  partnership: FramedPartnership;
  tabs: readonly HubTab[];
  base: string;
  /** The meeting's title. */
  title: string;
  values: MinutesValues;
  errors: FieldErrors;
  /** The actions decisions may name (an action plan module is installed), or null. */
  actions: readonly ActionChoice[] | null;
}) {
  const { t } = page;
  const heading = t('meetings.minutes.formTitle', { title });
  const rows = [...values.decisions, { text: '', action: '' }];
  const labels: Record<string, string> = {
    minutes: t('meetings.minutes.minutes'),
    outcomes: t('meetings.minutes.outcomes'),
  };
  rows.forEach((_, i) => {
    labels[`decision-${i + 1}`] = t('meetings.minutes.decisionN', { n: i + 1 });
    labels[`action-${i + 1}`] = t('meetings.minutes.actionN', { n: i + 1 });
  });
  const field = fieldsOf(values, errors, labels);
  return (
    <FramedMeetingLayout
      page={page}
      partnership={partnership}
      tabs={tabs}
      base={base}
      meetingTitle={title}
      heading={heading}
      crumb={t('meetings.minutes.crumb')}
    >
      <CheckedForm page={page} errors={errors} labels={labels} action={page.href(`${base}/minutes`)}>
        <Field {...field('minutes')} hint={t('meetings.minutes.markdownHint')} multiline />
        <Field {...field('outcomes')} hint={t('meetings.minutes.markdownHint')} multiline />
        <fieldset class="fieldset">
          <legend>{t('meetings.minutes.decisions')}</legend>
          <p class="field__hint">{t('meetings.minutes.decisionsHint')}</p>
          {rows.map((row, i) => (
            <>
              <Field {...field(`decision-${i + 1}`, row.text)} />
              {actions ? (
                <Select
                  {...field(`action-${i + 1}`, row.action)}
                  hint={t('meetings.minutes.actionHint')}
                  options={[
                    { value: '', label: t('meetings.minutes.noAction') },
                    ...actions.map((a) => ({
                      value: String(a.id),
                      label: t('meetings.minutes.actionChoice', { number: a.number, title: a.title }),
                    })),
                    // A link kept from before that the list no longer offers stays choosable (the check says why).
                    ...(row.action !== '' && !actions.some((a) => String(a.id) === row.action)
                      ? [{ value: row.action, label: row.action }]
                      : []),
                  ]}
                />
              ) : null}
            </>
          ))}
        </fieldset>
        <Button>{t('meetings.minutes.save')}</Button>
      </CheckedForm>
    </FramedMeetingLayout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type FramedPartnership, type HubTab } from '../../partnerships/index.js';

/** The minutes form's values, as stored or as typed. */
export interface MinutesValues {
  minutes: string;
  outcomes: string;
  /** The decisions in order; the form adds one empty row for a new one. */
  decisions: { text: string; action: string }[];
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
  /** An action plan module is installed: decisions can name one of its actions. */
  actions: boolean;
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
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: title, path: base },
        { label: t('meetings.minutes.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs} current="/meetings">
        <h1>{heading}</h1>
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <Form page={page} action={page.href(`${base}/minutes`)}>
          <Field
            name="minutes"
            label={labels.minutes!}
            value={values.minutes}
            error={errors.minutes}
            hint={t('meetings.minutes.markdownHint')}
            multiline
          />
          <Field
            name="outcomes"
            label={labels.outcomes!}
            value={values.outcomes}
            error={errors.outcomes}
            hint={t('meetings.minutes.markdownHint')}
            multiline
          />
          <fieldset class="fieldset">
            <legend>{t('meetings.minutes.decisions')}</legend>
            <p class="field__hint">{t('meetings.minutes.decisionsHint')}</p>
            {rows.map((row, i) => (
              <>
                <Field
                  name={`decision-${i + 1}`}
                  label={labels[`decision-${i + 1}`]!}
                  value={row.text}
                  error={errors[`decision-${i + 1}`]}
                />
                {actions ? (
                  <Field
                    name={`action-${i + 1}`}
                    label={labels[`action-${i + 1}`]!}
                    value={row.action}
                    error={errors[`action-${i + 1}`]}
                    hint={t('meetings.minutes.actionHint')}
                  />
                ) : null}
              </>
            ))}
          </fieldset>
          <Button>{t('meetings.minutes.save')}</Button>
        </Form>
      </PartnershipFrame>
    </Layout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { EDIT_LIMITS } from '../actions.edit.js';
import { actionPath } from '../actions.present.js';
import { actionLabel, planCrumbs } from './parts.js';

export interface MergeView {
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  action: { number: number; title: string; lang: string };
  /** The action it was merged into already (then there is no form), by number. */
  mergedInto: number | null;
  /** The actions it may go into: the plan's others that are not merged. */
  candidates: { number: number; title: string }[];
  values: { into: string; explanation: string };
  errors: FieldErrors;
}

/** Merging an action into another of the plan: both numbers stay, the merged one saying where it went. */
export function MergePage({ page, view }: { page: PageContext; view: MergeView }) {
  const { t } = page;
  const { action, partnership, values, errors } = view;
  const label = actionLabel(page, action.number);
  const base = actionPath(partnership.slug, action.number);
  const heading = t('actions.merge.title', { action: label });
  const labels = { into: t('actions.merge.into'), explanation: t('actions.update.explanation') };
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[...planCrumbs(page, partnership), { label, path: base }, { label: t('actions.merge.crumb') }]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={view.tabs} current="/actions">
        <h1>{heading}</h1>
        <p>
          <a href={page.href(base)} lang={action.lang !== page.locale ? action.lang : undefined}>
            {action.title}
          </a>
        </p>
        {view.mergedInto !== null ? (
          <Notice kind="info">
            <p>
              {t('actions.mergedInto', { number: action.number })}{' '}
              <a href={page.href(actionPath(partnership.slug, view.mergedInto))}>
                {actionLabel(page, view.mergedInto)}
              </a>
              .
            </p>
          </Notice>
        ) : view.candidates.length === 0 ? (
          <p>{t('actions.merge.none')}</p>
        ) : (
          <>
            <p>{t('actions.merge.intro', { action: label })}</p>
            <CheckedForm page={page} errors={errors} labels={labels} action={page.href(`${base}/merge`)}>
              <Select
                name="into"
                label={labels.into}
                value={values.into}
                error={errors.into}
                options={[
                  { value: '', label: t('actions.merge.choose') },
                  ...view.candidates.map((c) => ({
                    value: String(c.number),
                    label: `${actionLabel(page, c.number)}: ${c.title}`,
                  })),
                ]}
              />
              <Field
                name="explanation"
                label={labels.explanation}
                value={values.explanation}
                error={errors.explanation}
                hint={t('actions.update.explanationHint')}
                multiline
                maxLength={EDIT_LIMITS.explanation}
              />
              <Button>{t('actions.merge.save')}</Button>
            </CheckedForm>
          </>
        )}
      </PartnershipFrame>
    </Layout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { languageNameIn } from '../../../core/i18n/locales.js';
import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

export function EditPartnershipPage({
  page,
  partnership,
  values,
  errors,
  tabs,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The partnership's sub-navigation (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.edit.title');
  const labels = {
    title: t('partnerships.edit.fieldTitle'),
    summary: t('partnerships.edit.fieldSummary'),
    launchedYear: t('partnerships.launchedLabel'),
  };
  return (
    <Layout
      page={page}
      title={Object.keys(errors).length ? `${t('partnerships.errorPrefix')} ${title}` : title}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <div class="narrow">
          <ErrorSummary page={page} errors={errors} labels={labels} />
          <h1>{title}</h1>
          <p>{t('partnerships.edit.hint', { language: languageNameIn(page.locale, partnership.originalLang) })}</p>
          <Form page={page} action={page.href(`/partnerships/${partnership.slug}/edit`)}>
            <Field
              name="title"
              label={labels.title}
              value={values.title ?? ''}
              error={errors.title}
              required
              maxLength={200}
            />
            <Field
              name="summary"
              label={labels.summary}
              value={values.summary ?? ''}
              error={errors.summary}
              required
              multiline
              maxLength={1000}
            />
            <Field
              name="launchedYear"
              type="number"
              label={labels.launchedYear}
              value={values.launchedYear ?? ''}
              error={errors.launchedYear}
              required
            />
            <Button>{t('partnerships.edit.save')}</Button>
          </Form>
          <nav aria-labelledby="edit-more">
            <h2 id="edit-more">{t('partnerships.editing.more')}</h2>
            <ul class="edit-more">
              <li>
                <a href={page.href(`${base}/edit/logo`)}>{t('partnerships.logo.title')}</a>
                <span class="meta">
                  {' '}
                  – {partnership.logo ? t('partnerships.editing.hasLogo') : t('partnerships.editing.noLogo')}
                </span>
              </li>
              <li>
                <a href={page.href(`${base}/edit/organisations`)}>{t('partnerships.standing.title')}</a>
              </li>
              <li>
                <a href={page.href(`${base}/edit/pages`)}>{t('partnerships.pageEditor.manageTitle')}</a>
              </li>
            </ul>
          </nav>
        </div>
      </PartnershipFrame>
    </Layout>
  );
}

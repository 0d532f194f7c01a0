import type { FieldErrors } from '../../../core/http/forms.js';
import { EU_LANGUAGES, nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, ErrorSummary, Field, Form, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PAGE_LIMITS } from '../editing.schema.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';
import { editingCrumbs, titleWithErrors } from './EditingParts.js';

/** What the form shows: what was stored, or what was typed. */
export interface PageFormValues {
  slug: string;
  title: string;
  body: string;
  lang: string;
  membersOnly: boolean;
}

/**
 * Writes a new page of a partnership (`editing` undefined: its address too) or edits one (its
 * address stays: links to it keep working).
 */
export function PageFormPage({
  page,
  partnership,
  tabs,
  editing,
  values,
  errors,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The sub-navigation of the partnership's frame (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  /** The slug of the page being edited. */
  editing?: string;
  values: PageFormValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = editing ? t('partnerships.pageEditor.editTitle') : t('partnerships.pageEditor.newTitle');
  const labels = {
    slug: t('partnerships.pageEditor.slug'),
    title: t('partnerships.pageEditor.pageTitle'),
    body: t('partnerships.pageEditor.body'),
    lang: t('partnerships.pageEditor.lang'),
    members_only: t('partnerships.pageEditor.membersOnlyField'),
  };
  return (
    <Layout
      page={page}
      title={titleWithErrors(page, title, partnership, errors)}
      breadcrumbs={editingCrumbs(page, partnership, title, 'pages')}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <div class="narrow">
          <ErrorSummary page={page} errors={errors} labels={labels} />
          <h1>{title}</h1>
          <Form page={page} action={page.href(editing ? `${base}/edit/pages/${editing}` : `${base}/edit/pages`)}>
            {editing ? (
              <p>
                {t('partnerships.pageEditor.address')}{' '}
                <a href={page.href(`${base}/pages/${editing}`)}>{page.href(`${base}/pages/${editing}`)}</a>
              </p>
            ) : (
              <Field
                name="slug"
                label={labels.slug}
                hint={t('partnerships.pageEditor.slugHint')}
                value={values.slug}
                error={errors.slug}
                required
                maxLength={100}
              />
            )}
            <Field
              name="title"
              label={labels.title}
              value={values.title}
              error={errors.title}
              required
              maxLength={PAGE_LIMITS.title}
            />
            <Field
              name="body"
              label={labels.body}
              hint={t('partnerships.pageEditor.bodyHint')}
              value={values.body}
              error={errors.body}
              required
              multiline
              maxLength={PAGE_LIMITS.body}
            />
            <Select
              name="lang"
              label={labels.lang}
              value={values.lang}
              error={errors.lang}
              options={EU_LANGUAGES.map((code) => ({ value: code, label: nativeLanguageName(code) }))}
            />
            <div class="field">
              <input type="checkbox" id="field-members_only" name="members_only" checked={values.membersOnly} />{' '}
              <label for="field-members_only">{labels.members_only}</label>
            </div>
            <Button>{editing ? t('partnerships.pageEditor.save') : t('partnerships.pageEditor.create')}</Button>
          </Form>
          <p>
            <a href={page.href(`${base}/edit/pages`)}>{t('partnerships.pageEditor.back')}</a>
          </p>
        </div>
      </PartnershipFrame>
    </Layout>
  );
}

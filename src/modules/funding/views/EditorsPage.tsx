import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, Form, Notice, Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FundingEditor } from '../funding.editors.js';

/** The administrators' page of funding editors: who is one, a form to add one, a button to end each role. */
export function EditorsPage({
  page,
  editors,
  handle,
  errors,
  done,
}: {
  page: PageContext;
  editors: FundingEditor[];
  handle: string;
  errors: FieldErrors;
  done: 'added' | 'removed' | null;
}) {
  const { t } = page;
  const heading = t('funding.editors.title');
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('funding.edit.crumb.register'), path: '/funding' }, { label: heading }]}
    >
      <h1>{heading}</h1>
      <p>{t('funding.editors.intro')}</p>
      {done ? <Notice kind="success">{t(`funding.editors.done.${done}`)}</Notice> : null}
      {editors.length === 0 ? (
        <p>{t('funding.editors.none')}</p>
      ) : (
        <Table
          caption={t('funding.editors.caption', { count: editors.length })}
          columns={[t('funding.editors.name'), t('funding.editors.since'), t('funding.editors.actions')]}
          rows={editors.map((e) => [
            <>
              {e.name} (@{e.handle})
            </>,
            page.i18n.date(e.grantedAt, 'medium'),
            <Form page={page} action={page.href(`/funding/editors/${e.handle}/remove`)}>
              <Button variant="secondary">{t('funding.editors.remove', { name: e.name })}</Button>
            </Form>,
          ])}
        />
      )}
      <h2>{t('funding.editors.add')}</h2>
      <CheckedForm
        page={page}
        errors={errors}
        labels={{ handle: t('funding.editors.handle') }}
        action={page.href('/funding/editors')}
      >
        <Field
          name="handle"
          label={t('funding.editors.handle')}
          value={handle}
          error={errors.handle}
          hint={t('funding.editors.hint')}
        />
        <Button>{t('funding.editors.addButton')}</Button>
      </CheckedForm>
    </Layout>
  );
}

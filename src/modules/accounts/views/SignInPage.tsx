import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

interface SignInProps {
  page: PageContext;
  values: { email?: string; next?: string };
  errors: FieldErrors;
}

export function SignInPage({ page, values, errors }: SignInProps) {
  const { t } = page;
  const labels = { email: t('accounts.field.email'), password: t('accounts.field.password') };
  const title = t('accounts.signIn.title');
  return (
    <Layout page={page} title={Object.keys(errors).length ? `${t('accounts.errorPrefix')} ${title}` : title} breadcrumbs={[{ label: title }]}>
      <div class="narrow">
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        <Form page={page} action={page.href('/sign-in')}>
          {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
          <Field name="email" type="email" label={labels.email} value={values.email ?? ''} error={errors.email} autocomplete="email" required />
          <Field name="password" type="password" label={labels.password} error={errors.password} autocomplete="current-password" required />
          <Button>{t('accounts.signIn.submit')}</Button>
        </Form>
      </div>
    </Layout>
  );
}

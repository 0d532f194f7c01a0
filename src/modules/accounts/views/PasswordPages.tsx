import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { AccountPage, NewPasswordField } from './parts.js';

/** "Forgot your password?": the address to send a reset link to. */
export function ForgotPasswordPage({
  page,
  values,
  errors,
}: {
  page: PageContext;
  values: { email?: string };
  errors: FieldErrors;
}) {
  const { t } = page;
  const labels = { email: t('accounts.field.email') };
  return (
    <AccountPage page={page} title={t('accounts.forgot.title')} errors={errors} labels={labels}>
      <p>{t('accounts.forgot.intro')}</p>
      <Form page={page} action={page.href('/password/forgot')}>
        <Field
          name="email"
          type="email"
          label={labels.email}
          value={values.email ?? ''}
          error={errors.email}
          autocomplete="email"
          required
          maxLength={254}
        />
        <Button>{t('accounts.forgot.submit')}</Button>
      </Form>
      <p>
        <a href={page.href('/sign-in')}>{t('accounts.forgot.back')}</a>
      </p>
    </AccountPage>
  );
}

/** The page a reset link opens: the new password. */
export function ResetPasswordPage({ page, token, errors }: { page: PageContext; token: string; errors: FieldErrors }) {
  const { t } = page;
  const labels = { password: t('accounts.field.newPassword') };
  return (
    <AccountPage page={page} title={t('accounts.reset.title')} errors={errors} labels={labels}>
      <p>{t('accounts.reset.intro')}</p>
      <Form page={page} action={page.href(`/password/reset/${token}`)}>
        <NewPasswordField name="password" label={labels.password} error={errors.password} t={t} />
        <Button>{t('accounts.reset.submit')}</Button>
      </Form>
    </AccountPage>
  );
}

/** "Confirm your password": asked before a sensitive setting when the sign-in is older than 30 minutes. */
export function ConfirmPasswordPage({ page, next, errors }: { page: PageContext; next: string; errors: FieldErrors }) {
  const { t } = page;
  const labels = { password: t('accounts.field.currentPassword') };
  return (
    <AccountPage page={page} title={t('accounts.reauth.title')} errors={errors} labels={labels}>
      <p>{t('accounts.reauth.intro')}</p>
      <Form page={page} action={page.href(`/settings/confirm?next=${encodeURIComponent(next)}`)}>
        <Field
          name="password"
          type="password"
          label={labels.password}
          error={errors.password}
          autocomplete="current-password"
          required
          maxLength={128}
        />
        <Button>{t('accounts.reauth.submit')}</Button>
      </Form>
    </AccountPage>
  );
}

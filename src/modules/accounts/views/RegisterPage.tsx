import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { AccountPage, Checkbox, NewPasswordField, withNext } from './parts.js';

/** What was typed, and where to go once the account is confirmed and signed in (`next`, a path of this site). */
export type RegisterValues = Partial<Record<'displayName' | 'email' | 'handle' | 'terms' | 'next', string>>;

/** Create an account: name, address, handle, password, and the terms to accept. */
export function RegisterPage({
  page,
  values,
  errors,
}: {
  page: PageContext;
  values: RegisterValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const labels = {
    displayName: t('accounts.field.displayName'),
    email: t('accounts.field.email'),
    handle: t('accounts.field.handle'),
    password: t('accounts.field.password'),
    terms: t('accounts.register.termsLink'),
  };
  return (
    <AccountPage page={page} title={t('accounts.register.title')} errors={errors} labels={labels}>
      <p>{t('accounts.register.intro')}</p>
      <Form page={page} action={page.href('/register')}>
        {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
        <Field
          name="displayName"
          label={labels.displayName}
          hint={t('accounts.field.displayNameHint')}
          value={values.displayName ?? ''}
          error={errors.displayName}
          autocomplete="name"
          required
          maxLength={100}
        />
        <Field
          name="email"
          type="email"
          label={labels.email}
          hint={t('accounts.field.emailHint')}
          value={values.email ?? ''}
          error={errors.email}
          autocomplete="email"
          required
          maxLength={254}
        />
        <Field
          name="handle"
          label={labels.handle}
          hint={t('accounts.field.handleHint')}
          value={values.handle ?? ''}
          error={errors.handle}
          autocomplete="username"
          required
          maxLength={40}
        />
        <NewPasswordField name="password" label={labels.password} error={errors.password} t={t} />
        <Checkbox
          name="terms"
          value="accepted"
          label={t('accounts.register.terms')}
          checked={values.terms === 'accepted'}
          error={errors.terms}
          hint={
            <>
              {t('accounts.register.termsHint')} <a href={page.href('/terms')}>{t('accounts.register.termsLink')}</a>
              {' · '}
              <a href={page.href('/privacy')}>{t('accounts.register.privacyLink')}</a>
            </>
          }
        />
        <Button>{t('accounts.register.submit')}</Button>
      </Form>
      <p>
        <a href={page.href(withNext('/sign-in', values.next))}>{t('accounts.register.haveAccount')}</a>
      </p>
    </AccountPage>
  );
}

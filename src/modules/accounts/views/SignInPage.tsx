import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form, Notice } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { AccountPage, withNext } from './parts.js';

interface SignInProps {
  page: PageContext;
  values: { email?: string; next?: string };
  errors: FieldErrors;
  /** The password was right but the address is not confirmed yet: offer to send the link again. */
  unconfirmed?: boolean;
}

export function SignInPage({ page, values, errors, unconfirmed = false }: SignInProps) {
  const { t } = page;
  const labels = { email: t('accounts.field.email'), password: t('accounts.field.password') };
  return (
    <AccountPage page={page} title={t('accounts.signIn.title')} errors={errors} labels={labels}>
      {unconfirmed ? (
        <Notice kind="warning" title={t('accounts.signIn.unconfirmedTitle')}>
          <p>{t('accounts.signIn.unconfirmed', { email: values.email ?? '' })}</p>
          <Form page={page} action={page.href('/register/resend')}>
            <input type="hidden" name="email" value={values.email ?? ''} />
            {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
            <Button variant="secondary">{t('accounts.signIn.resend')}</Button>
          </Form>
        </Notice>
      ) : null}
      <Form page={page} action={page.href('/sign-in')}>
        {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
        <Field
          name="email"
          type="email"
          label={labels.email}
          value={values.email ?? ''}
          error={errors.email}
          autocomplete="email"
          required
        />
        <Field
          name="password"
          type="password"
          label={labels.password}
          error={errors.password}
          autocomplete="current-password"
          required
        />
        <Button>{t('accounts.signIn.submit')}</Button>
      </Form>
      <ul>
        <li>
          <a href={page.href('/password/forgot')}>{t('accounts.signIn.forgot')}</a>
        </li>
        <li>
          <a href={page.href(withNext('/register', values.next))}>{t('accounts.signIn.register')}</a>
        </li>
      </ul>
    </AccountPage>
  );
}

import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { AccountPage } from './parts.js';

/**
 * The page a confirmation link opens. Confirming is a button (a POST), not the visit itself,
 * so that mail scanners that open links do not use them up.
 */
export function ConfirmPage({
  page,
  purpose,
  email,
  token,
  next = '',
}: {
  page: PageContext;
  purpose: 'confirm' | 'reset' | 'email';
  email: string;
  token: string;
  /** Where the person was going when they registered (a path of this site), kept for after signing in. */
  next?: string;
}) {
  const { t } = page;
  const changing = purpose === 'email';
  return (
    <AccountPage page={page} title={t(changing ? 'accounts.confirm.emailTitle' : 'accounts.confirm.title')}>
      <p>{t(changing ? 'accounts.confirm.emailText' : 'accounts.confirm.text', { email })}</p>
      <Form page={page} action={page.href(`/confirm/${token}`)}>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Button>{t('accounts.confirm.submit')}</Button>
      </Form>
    </AccountPage>
  );
}

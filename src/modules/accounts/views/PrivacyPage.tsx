import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { SettingsPage } from './parts.js';

export interface PrivacyPageProps {
  page: PageContext;
  terms: { version: string | null; acceptedAt: string | null };
  errors?: FieldErrors;
}

/** Settings → privacy: the terms accepted, "download my data", "delete my account". */
export function PrivacyPage({ page, terms, errors = {} }: PrivacyPageProps) {
  const { t, i18n } = page;
  const labels = { password: t('accounts.field.currentPassword') };
  return (
    <SettingsPage page={page} current="/settings/privacy" errors={errors} labels={labels}>
      <section aria-labelledby="terms-title">
        <h2 id="terms-title">{t('accounts.privacy.termsTitle')}</h2>
        <p>
          {terms.version && terms.acceptedAt
            ? t('accounts.privacy.termsAccepted', { version: terms.version, date: i18n.dateTime(terms.acceptedAt) })
            : t('accounts.privacy.termsNotRecorded')}
        </p>
        <ul>
          <li>
            <a href={page.href('/terms')}>{t('accounts.register.termsLink')}</a>
          </li>
          <li>
            <a href={page.href('/privacy')}>{t('accounts.register.privacyLink')}</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="export-title">
        <h2 id="export-title">{t('accounts.privacy.exportTitle')}</h2>
        <p>{t('accounts.privacy.exportText')}</p>
        <p>
          <a class="button button--secondary" href={page.href('/settings/privacy/export')} download>
            {t('accounts.privacy.exportLink')}
          </a>
        </p>
      </section>

      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t('accounts.privacy.deleteTitle')}</h2>
        <p>{t('accounts.privacy.deleteText')}</p>
        <p>{t('accounts.privacy.deleteContributions')}</p>
        <Form page={page} action={page.href('/settings/privacy/delete')}>
          <Field
            name="password"
            type="password"
            label={labels.password}
            error={errors.password}
            autocomplete="current-password"
            required
          />
          <Button>{t('accounts.privacy.deleteSubmit')}</Button>
        </Form>
      </section>
    </SettingsPage>
  );
}

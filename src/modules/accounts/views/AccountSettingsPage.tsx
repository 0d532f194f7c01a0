import type { SessionInfo } from '../../../core/http/session.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form, Notice, Table } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { SettingsPage, NewPasswordField } from './parts.js';

/** What the page has just done, shown at its top. */
export type AccountNotice =
  { kind: 'emailSent'; email: string } | { kind: 'passwordChanged' } | { kind: 'signedOutElsewhere' };

export interface AccountSettingsProps {
  page: PageContext;
  email: string;
  sessions: SessionInfo[];
  /** The stored id of the session this page is seen in. */
  currentSessionId: string | null;
  values?: { newEmail?: string };
  errors?: FieldErrors;
  notice?: AccountNotice | null;
}

/** Settings → account: the e-mail address, the password, and the sessions signed in. */
export function AccountSettingsPage({
  page,
  email,
  sessions,
  currentSessionId,
  values = {},
  errors = {},
  notice = null,
}: AccountSettingsProps) {
  const { t, i18n } = page;
  const labels = {
    newEmail: t('accounts.field.newEmail'),
    password: t('accounts.field.currentPassword'),
    currentPassword: t('accounts.field.currentPassword'),
    newPassword: t('accounts.field.newPassword'),
  };
  const others = sessions.filter((s) => s.id !== currentSessionId).length;
  return (
    <SettingsPage page={page} current="/settings/account" errors={errors} labels={labels}>
      {notice ? (
        <Notice kind="success">
          {
            <p>
              {t(`accounts.settings.notice.${notice.kind}`, notice.kind === 'emailSent' ? { email: notice.email } : {})}
            </p>
          }
        </Notice>
      ) : null}

      <section aria-labelledby="email-title">
        <h2 id="email-title">{t('accounts.settings.emailTitle')}</h2>
        <p>{t('accounts.settings.emailCurrent', { email })}</p>
        <p>{t('accounts.settings.emailIntro')}</p>
        <Form page={page} action={page.href('/settings/account/email')}>
          <Field
            name="newEmail"
            type="email"
            label={labels.newEmail}
            value={values.newEmail ?? ''}
            error={errors.newEmail}
            autocomplete="email"
            required
            maxLength={254}
          />
          <Field
            name="password"
            type="password"
            label={labels.password}
            error={errors.password}
            autocomplete="current-password"
            required
          />
          <Button>{t('accounts.settings.emailSubmit')}</Button>
        </Form>
      </section>

      <section aria-labelledby="password-title">
        <h2 id="password-title">{t('accounts.settings.passwordTitle')}</h2>
        <p>{t('accounts.settings.passwordIntro')}</p>
        <Form page={page} action={page.href('/settings/account/password')}>
          <Field
            name="currentPassword"
            type="password"
            label={labels.currentPassword}
            error={errors.currentPassword}
            autocomplete="current-password"
            required
          />
          <NewPasswordField name="newPassword" label={labels.newPassword} error={errors.newPassword} t={t} />
          <Button>{t('accounts.settings.passwordSubmit')}</Button>
        </Form>
      </section>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('accounts.sessions.title')}</h2>
        <Table
          caption={t('accounts.sessions.caption', { count: sessions.length })}
          columns={[t('accounts.sessions.device'), t('accounts.sessions.created'), t('accounts.sessions.lastSeen')]}
          rows={sessions.map((s) => [
            <>
              {s.userAgent ?? t('accounts.sessions.unknownDevice')}
              {s.id === currentSessionId ? <strong> ({t('accounts.sessions.current')})</strong> : null}
            </>,
            <time dateTime={s.createdAt}>{i18n.dateTime(s.createdAt)}</time>,
            <time dateTime={s.lastSeenAt}>{i18n.dateTime(s.lastSeenAt)}</time>,
          ])}
        />
        {others > 0 ? (
          <Form page={page} action={page.href('/settings/account/sessions/end-others')}>
            <p>{t('accounts.sessions.othersCount', { count: others })}</p>
            <Button variant="secondary">{t('accounts.sessions.endOthers')}</Button>
          </Form>
        ) : (
          <p>{t('accounts.sessions.noOthers')}</p>
        )}
      </section>
    </SettingsPage>
  );
}

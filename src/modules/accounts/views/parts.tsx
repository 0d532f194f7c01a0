import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../core/http/forms.js';
import { ErrorSummary, Field, fieldParts } from '../../../core/views/components.js';
import type { Translator } from '../../../core/i18n/translator.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../accounts.schema.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** A page of this module: the title says "Error:" first when the form has problems. */
export function AccountPage({
  page,
  title,
  errors = {},
  labels = {},
  breadcrumbs,
  children,
}: {
  page: PageContext;
  title: string;
  errors?: FieldErrors;
  labels?: Record<string, string>;
  breadcrumbs?: { label: string; path?: string }[];
  children: ComponentChildren;
}) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      page={page}
      title={hasErrors ? `${page.t('accounts.errorPrefix')} ${title}` : title}
      breadcrumbs={breadcrumbs ?? [{ label: title }]}
    >
      <div class="narrow">
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

/** A checkbox with its label after it, its error and hint wired up like `Field`'s. */
export function Checkbox({
  name,
  value,
  label,
  checked,
  error,
  hint,
}: {
  name: string;
  value: string;
  label: string;
  checked: boolean;
  error?: string | undefined;
  hint?: ComponentChildren;
}) {
  const { id, describedBy, messages, wrapperClass } = fieldParts(name, hint, error);
  return (
    <div class={wrapperClass}>
      {messages}
      <input
        type="checkbox"
        id={id}
        name={name}
        value={value}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />{' '}
      <label for={id}>{label}</label>
    </div>
  );
}

/** The sections of one's settings; the profile is the people module's page. */
const SETTINGS = [
  { path: '/settings/profile', label: 'accounts.settings.profile' },
  { path: '/settings/account', label: 'accounts.settings.account' },
  { path: '/settings/time-zone', label: 'accounts.settings.timeZone' },
  { path: '/settings/tokens', label: 'accounts.settings.tokens' },
  { path: '/settings/privacy', label: 'accounts.settings.privacy' },
] as const;

/** A settings page: the settings sections as links, then the page itself. */
export function SettingsPage({
  page,
  current,
  errors = {},
  labels = {},
  children,
}: {
  page: PageContext;
  current: Exclude<(typeof SETTINGS)[number]['path'], '/settings/profile'>;
  errors?: FieldErrors;
  labels?: Record<string, string>;
  children: ComponentChildren;
}) {
  const { t } = page;
  const section = SETTINGS.find((s) => s.path === current);
  const title = t(section?.label ?? 'accounts.settings.title');
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout
      page={page}
      title={hasErrors ? `${t('accounts.errorPrefix')} ${title}` : title}
      breadcrumbs={[{ label: t('accounts.settings.title'), path: '/settings/account' }, { label: title }]}
    >
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <SettingsNav page={page} current={current} />
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

/** Links to every settings section, the current one marked; other modules' settings pages may show it too. */
export function SettingsNav({ page, current }: { page: PageContext; current: string }) {
  return (
    <nav class="settings-nav" aria-label={page.t('accounts.settings.title')}>
      <ul>
        {SETTINGS.map((s) => (
          <li>
            <a href={page.href(s.path)} aria-current={s.path === current ? 'page' : undefined}>
              {page.t(s.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A field for choosing a password, with the rules as its hint (registration, reset, change). */
export function NewPasswordField({
  name,
  label,
  error,
  t,
}: {
  name: string;
  label: string;
  error?: string | undefined;
  t: Translator['t'];
}) {
  return (
    <Field
      name={name}
      type="password"
      label={label}
      hint={t('accounts.field.newPasswordHint', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
      error={error}
      autocomplete="new-password"
      required
      maxLength={PASSWORD_MAX}
    />
  );
}

/** A path of the account pages with `?next=` when there is somewhere to go back to afterwards. */
export const withNext = (path: string, next: string | undefined): string =>
  next ? `${path}?next=${encodeURIComponent(next)}` : path;

import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form, Notice, Table } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { AccessTokenSummary } from '../access-tokens.js';
import { SettingsPage } from './parts.js';

export interface TokensPageProps {
  page: PageContext;
  tokens: AccessTokenSummary[];
  values?: { name?: string };
  errors?: FieldErrors;
  /** A token just made: shown this once. */
  created?: { name: string; token: string } | null;
  revoked?: boolean;
}

/** Settings → API tokens: make one (shown once), see them, revoke them. */
export function TokensPage({
  page,
  tokens,
  values = {},
  errors = {},
  created = null,
  revoked = false,
}: TokensPageProps) {
  const { t, i18n } = page;
  const labels = { name: t('accounts.tokens.name') };
  return (
    <SettingsPage page={page} current="/settings/tokens" errors={errors} labels={labels}>
      {created ? (
        <Notice kind="success" title={t('accounts.tokens.createdTitle', { name: created.name })}>
          <p>{t('accounts.tokens.createdText')}</p>
          <p>
            <code id="new-token">{created.token}</code>
          </p>
        </Notice>
      ) : null}
      {revoked ? (
        <Notice kind="success">
          <p>{t('accounts.tokens.revoked')}</p>
        </Notice>
      ) : null}
      <p>{t('accounts.tokens.intro')}</p>
      <p>
        <a href={page.href('/api')}>{t('accounts.tokens.apiGuide')}</a>
      </p>

      <section aria-labelledby="new-token-title">
        <h2 id="new-token-title">{t('accounts.tokens.newTitle')}</h2>
        <Form page={page} action={page.href('/settings/tokens')}>
          <Field
            name="name"
            label={labels.name}
            hint={t('accounts.tokens.nameHint')}
            value={values.name ?? ''}
            error={errors.name}
            required
            maxLength={100}
          />
          <Button>{t('accounts.tokens.create')}</Button>
        </Form>
      </section>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t('accounts.tokens.listTitle')}</h2>
        {tokens.length === 0 ? (
          <p>{t('accounts.tokens.none')}</p>
        ) : (
          <Table
            caption={t('accounts.tokens.caption', { count: tokens.length })}
            columns={[
              t('accounts.tokens.name'),
              t('accounts.tokens.prefix'),
              t('accounts.tokens.created'),
              t('accounts.tokens.lastUsed'),
              t('accounts.tokens.actions'),
            ]}
            rows={tokens.map((token) => [
              token.name,
              <code>{token.prefix}…</code>,
              <time dateTime={token.createdAt}>{i18n.dateTime(token.createdAt)}</time>,
              token.lastUsedAt ? (
                <time dateTime={token.lastUsedAt}>{i18n.dateTime(token.lastUsedAt)}</time>
              ) : (
                t('accounts.tokens.never')
              ),
              <Form page={page} action={page.href(`/settings/tokens/${token.id}/revoke`)}>
                <Button variant="secondary" aria-label={t('accounts.tokens.revokeNamed', { name: token.name })}>
                  {t('accounts.tokens.revoke')}
                </Button>
              </Form>,
            ])}
          />
        )}
      </section>
    </SettingsPage>
  );
}

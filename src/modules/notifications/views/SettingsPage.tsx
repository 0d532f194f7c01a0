import type { FieldErrors } from '../../../core/http/forms.js';
import type { NotificationDelivery } from '../../../core/module.js';
import { Button, ErrorSummary, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { DELIVERIES } from '../notifications.delivery.js';

/** One kind as the page shows it: its label in words and the delivery chosen (or sent back). */
export interface KindChoice {
  kind: string;
  label: string;
  delivery: NotificationDelivery;
  defaultDelivery: NotificationDelivery;
}

/** The kinds of one module, under its heading. */
export interface KindGroup {
  module: string;
  title: string;
  kinds: KindChoice[];
}

export interface SettingsPageProps {
  page: PageContext;
  groups: readonly KindGroup[];
  /** The hour (UTC) digests go out. */
  hour: number;
  errors?: FieldErrors;
  saved?: boolean;
}

/**
 * Notification settings: for each kind, grouped by the module that sends it, a radio group (at
 * once, daily digest, weekly digest, never) in a fieldset whose legend is the kind in words; one
 * Save. The app lists every notification whatever the choice.
 */
export function SettingsPage({ page, groups, hour, errors = {}, saved = false }: SettingsPageProps) {
  const { t } = page;
  const title = t('notifications.settings.title');
  const time = `${String(hour).padStart(2, '0')}:00`;
  const labels = Object.fromEntries(groups.flatMap((g) => g.kinds.map((k) => [k.kind, k.label])));
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {saved ? <Notice kind="success">{t('notifications.settings.saved')}</Notice> : null}
      <ErrorSummary page={page} errors={errors} labels={labels} />
      <p>{t('notifications.settings.intro')}</p>
      <p>{t('notifications.settings.when', { time })}</p>
      {groups.length === 0 ? (
        <p>{t('notifications.settings.none')}</p>
      ) : (
        <Form page={page} action={page.href('/notifications/settings')}>
          {groups.map((group) => (
            <section aria-labelledby={`group-${group.module}`}>
              <h2 id={`group-${group.module}`}>{group.title}</h2>
              {group.kinds.map((k) => {
                const error = errors[k.kind];
                const field = `field-${k.kind}`;
                return (
                  <fieldset
                    class={`fieldset${error ? ' field--error' : ''}`}
                    aria-describedby={error ? `${field}-error` : undefined}
                  >
                    <legend>{k.label}</legend>
                    {error ? (
                      <p class="field__error" id={`${field}-error`}>
                        {error}
                      </p>
                    ) : null}
                    {DELIVERIES.map((delivery, i) => {
                      // The first radio carries the field's id, so the summary's link lands in the group.
                      const id = i === 0 ? field : `${field}-${delivery}`;
                      return (
                        <div class="field">
                          <input
                            type="radio"
                            id={id}
                            name={k.kind}
                            value={delivery}
                            checked={k.delivery === delivery}
                          />{' '}
                          <label for={id}>
                            {t(`notifications.delivery.${delivery}`)}
                            {delivery === k.defaultDelivery ? ` ${t('notifications.settings.default')}` : ''}
                          </label>
                        </div>
                      );
                    })}
                  </fieldset>
                );
              })}
            </section>
          ))}
          <Button>{t('notifications.settings.save')}</Button>
        </Form>
      )}
      <p>
        <a href={page.href('/notifications')}>{t('notifications.settings.back')}</a>
      </p>
    </Layout>
  );
}

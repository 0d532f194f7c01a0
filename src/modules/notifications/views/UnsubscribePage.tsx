import { Button, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

export interface UnsubscribePageProps {
  page: PageContext;
  /** `daily` or `weekly` for a digest's link, else the kind's. */
  digest: 'daily' | 'weekly' | null;
  /** The kinds it stops (or stopped), in words. */
  labels: readonly string[];
  /** Its own address (the form posts there). */
  action: string;
  done: boolean;
}

/**
 * What an unsubscribe link does, before (a button, no sign-in: the link's token is the
 * authority) and after (what changed, and where to choose again).
 */
export function UnsubscribePage({ page, digest, labels, action, done }: UnsubscribePageProps) {
  const { t } = page;
  const title = t(done ? 'notifications.unsubscribe.doneTitle' : 'notifications.unsubscribe.title');
  const what = digest ? t('notifications.unsubscribe.digest', { period: digest }) : t('notifications.unsubscribe.kind');
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {done ? (
        <Notice kind="success">
          <p>
            {digest
              ? t('notifications.unsubscribe.doneDigest', { period: digest })
              : t('notifications.unsubscribe.doneKind')}
          </p>
        </Notice>
      ) : (
        <p>{what}</p>
      )}
      {labels.length > 0 ? (
        <ul>
          {labels.map((label) => (
            <li>{label}</li>
          ))}
        </ul>
      ) : null}
      <p>{t('notifications.unsubscribe.inApp')}</p>
      {done ? null : (
        // No form token: the link's own token authorises this, as it does a mail client's one-click POST.
        <form method="post" action={action}>
          <Button>{t('notifications.unsubscribe.submit')}</Button>
        </form>
      )}
      <p>
        <a href={page.href('/notifications/settings')}>{t('notifications.unsubscribe.settings')}</a>
      </p>
    </Layout>
  );
}

import { Button, Form, Notice, Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { NotificationView } from '../notifications.schema.js';

/** A person's notifications, newest first, with "mark all read". */
export function NotificationsPage({
  page,
  items,
  next,
  unread,
  done,
}: {
  page: PageContext;
  items: NotificationView[];
  next: number | null;
  unread: number;
  done?: string | undefined;
}) {
  const { t } = page;
  const title = t('notifications.title');
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {done === 'read' ? <Notice kind="success">{t('notifications.markedRead')}</Notice> : null}
      <p class="lead">{t('notifications.unread', { count: unread })}</p>
      <p>
        <a href={page.href('/notifications/settings')}>{t('notifications.settingsLink')}</a>
      </p>
      {unread > 0 ? (
        <Form page={page} action={page.href('/notifications/read')}>
          <Button variant="secondary">{t('notifications.markAllRead')}</Button>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : (
        <ul class="notifications">
          {items.map((item) => (
            <li class={item.read ? 'notification' : 'notification notification--unread'}>
              {item.read ? null : <strong class="notification__new">{t('notifications.new')} </strong>}
              {item.path === null ? (
                t('notifications.unavailable')
              ) : (
                <a href={page.href(item.path)}>{t(item.kind, { subject: item.subject })}</a>
              )}{' '}
              <time datetime={item.createdAt}>{page.i18n.dateTime(item.createdAt)}</time>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} next={next ? `${page.href('/notifications')}?after=${next}` : null} />
    </Layout>
  );
}

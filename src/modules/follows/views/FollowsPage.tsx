import { Button, Form, LanguageLabel, Notice, Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { FOLLOW_TYPES, type FollowedJson } from '../follows.schema.js';

export interface FollowsPageProps {
  page: PageContext;
  items: FollowedJson[];
  next: string | null;
  /** What was just done: `unfollowed` (from this page). */
  done: string | undefined;
}

/**
 * Everything one follows, by type (partnerships, tags, people, actions, meetings, funding
 * opportunities), each linking to its page with a "Stop following" button that comes back here.
 */
export function FollowsPage({ page, items, next, done }: FollowsPageProps) {
  const { t } = page;
  const back = `/${page.locale}/follows`;
  return (
    <Layout page={page} title={t('follows.page.title')}>
      <h1>{t('follows.page.title')}</h1>
      {done === 'unfollowed' || done === 'followed' ? (
        <Notice kind="success">
          <p>{t(`follows.page.${done}`)}</p>
        </Notice>
      ) : null}
      <p>{t('follows.page.intro')}</p>
      {items.length === 0 ? <p>{t('follows.page.none')}</p> : null}
      {FOLLOW_TYPES.map((type) => {
        const mine = items.filter((i) => i.type === type);
        if (mine.length === 0) return null;
        return (
          <section aria-labelledby={`follows-${type}`}>
            <h2 id={`follows-${type}`}>{t(`follows.type.${type}`)}</h2>
            <ul class="list">
              {mine.map((item) => (
                <li>
                  <a href={page.href(item.path)} lang={item.lang !== page.locale ? item.lang : undefined}>
                    {item.title}
                  </a>{' '}
                  <LanguageLabel page={page} lang={item.lang} />{' '}
                  <span class="muted">{t('follows.page.since', { date: page.i18n.date(item.since) })}</span>
                  <Form page={page} action={page.href('/follows/remove')} class="follow">
                    <input type="hidden" name="type" value={item.type} />
                    <input type="hidden" name="id" value={String(item.id)} />
                    <input type="hidden" name="back" value={back} />
                    <Button variant="secondary">{t('follows.page.unfollow', { title: item.title })}</Button>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <Pagination page={page} next={next ? `${page.href('/follows')}?after=${encodeURIComponent(next)}` : null} />
    </Layout>
  );
}

import type { VNode } from 'preact';
import { isSignedIn } from '../../../core/auth/actor.js';
import { type Placeable, Shared } from '../../../core/shared/index.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { TagDetail } from '../tags.schema.js';

/** A tag: its name, feed and (for administrators) edit link, then what is tagged with it (a fragment). */
export function TagPage({
  page,
  tag,
  items,
  follow,
}: {
  page: PageContext;
  tag: TagDetail;
  items: Placeable;
  /** The reader's follow button (follows module). */
  follow?: VNode | null;
}) {
  const { t } = page;
  const lang = tag.lang !== page.locale ? tag.lang : undefined;
  const isAdmin = isSignedIn(page.actor) && page.actor.isAdmin;
  return (
    <Layout
      page={page}
      title={t('tags.page.title', { tag: tag.label })}
      breadcrumbs={[{ label: t('tags.list.title'), path: '/tags' }, { label: tag.label }]}
    >
      <h1>
        {t('tags.page.heading')} <span lang={lang}>{tag.label}</span>
      </h1>
      <p>
        <a href={page.href(`/tags/${tag.slug}.atom`)} type="application/atom+xml">
          {t('tags.page.feed')}
        </a>
        {isAdmin ? (
          <>
            {' · '}
            <a href={page.href(`/tags/${tag.slug}/edit`)}>{t('tags.page.edit')}</a>
          </>
        ) : null}
      </p>
      {follow ?? null}
      <Shared html={items} />
    </Layout>
  );
}

import { isSignedIn } from '../../../core/auth/actor.js';
import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { TagDetail } from '../tags.schema.js';

export function TagPage({ page, tag }: { page: PageContext; tag: TagDetail }) {
  const { t } = page;
  const lang = tag.lang !== page.locale ? tag.lang : undefined;
  const isAdmin = isSignedIn(page.actor) && page.actor.isAdmin;
  // The kind of content, where this module has a name for it (`tags.type.<type>`).
  const kind = (type: string) => {
    const name = t(`tags.type.${type}`);
    return name === `tags.type.${type}` ? null : name;
  };
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
      {tag.items.length === 0 ? (
        <p>{t('tags.page.empty')}</p>
      ) : (
        <ul class="list">
          {tag.items.map((item) => (
            <li>
              <article>
                <h2 class="list__title">
                  <a href={page.href(item.path)} lang={item.lang !== page.locale ? item.lang : undefined}>
                    {item.title}
                  </a>
                </h2>
                <p class="meta">
                  {kind(item.type) ? `${kind(item.type)} · ` : null}
                  <time dateTime={item.publishedAt}>{page.i18n.date(item.publishedAt, 'medium')}</time>
                </p>
                {item.summary ? <p lang={item.lang !== page.locale ? item.lang : undefined}>{item.summary}</p> : null}
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        next={tag.next ? page.href(`/tags/${tag.slug}?after=${encodeURIComponent(tag.next)}`) : null}
      />
    </Layout>
  );
}

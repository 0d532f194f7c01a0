import { defineFragment, dim } from '../../core/shared/index.js';
import { LanguageLabel, Pagination } from '../../core/views/components.js';
import { tagReads } from './tags.reads.js';

/** What is tagged with a tag, a page of it newest first, as every reader of a language sees it (`after`: a cursor). */
export const taggedItems = defineFragment('tags', 'items', {
  key: { slug: dim.text, after: dim.optional(dim.text) },
  // Scheduled posts come out as time passes.
  clock: 60,
  load: (ctx, k, lang) => tagReads.page.get(ctx, { lang, slug: k.slug, after: k.after }),
  render: (tag, page) => {
    const { t } = page;
    // The kind of content, where this module has a name for it (`tags.type.<type>`).
    const kind = (type: string) => {
      const name = t(`tags.type.${type}`);
      return name === `tags.type.${type}` ? null : name;
    };
    return (
      <>
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
                    {item.lang !== page.locale ? (
                      <>
                        {' · '}
                        <LanguageLabel page={page} lang={item.lang} />
                      </>
                    ) : null}
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
      </>
    );
  },
});

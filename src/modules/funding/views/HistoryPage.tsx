import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HistoryVersion } from '../funding.edit.history.js';

/** Every version of an item, newest first: who, when, why, and what changed from the one before. */
export function HistoryPage({
  page,
  item,
  versions,
}: {
  page: PageContext;
  item: { id: number; title: string; lang: string };
  versions: HistoryVersion[];
}) {
  const { t } = page;
  const heading = t('funding.history.title', { title: item.title });
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[
        { label: t('funding.edit.crumb.register'), path: '/funding' },
        { label: item.title, path: `/funding/${item.id}` },
        { label: t('funding.history.crumb') },
      ]}
    >
      <h1>{heading}</h1>
      <ol class="history" reversed>
        {[...versions].reverse().map((v) => (
          <li>
            <h2>
              {t('funding.history.version', { version: v.version })}:{' '}
              <time dateTime={v.at}>{page.i18n.dateTime(v.at)}</time>
            </h2>
            <p class="meta">
              {v.by === null ? t('funding.history.byPlatform') : t('funding.history.by', { name: v.by })}
            </p>
            {v.explanation ? (
              <p>
                {t('funding.history.why')}: {v.explanation}
              </p>
            ) : null}
            {v.version === 1 ? (
              <p>{t('funding.history.added')}</p>
            ) : v.changes.length === 0 ? (
              <p>{t('funding.history.noChange')}</p>
            ) : (
              <ul>
                {v.changes.map((c) => (
                  <li>{c.sentence}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

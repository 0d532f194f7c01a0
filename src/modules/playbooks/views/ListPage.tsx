import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PlaybookItem } from '../playbooks.present.js';
import { PlaybookCard } from './parts.js';

export interface ListView {
  items: PlaybookItem[];
  /** The address of the next page, or null. */
  nextHref: string | null;
  /** The partnerships the reader may write playbooks for (slug and title): those they coordinate. */
  writeFor: { slug: string; title: string }[];
}

/** The playbooks: what the reader may see of them, newest first, and "write a playbook" for coordinators. */
export function ListPage({ page, view }: { page: PageContext; view: ListView }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('playbooks.list.title')} breadcrumbs={[{ label: t('playbooks.list.title') }]}>
      <h1>{t('playbooks.list.heading')}</h1>
      <p class="lead">{t('playbooks.list.intro')}</p>
      <p>
        <a href={page.href('/lessons')}>{t('playbooks.list.lessons')}</a>
      </p>
      {view.writeFor.length > 0 ? (
        <ul class="inline-list">
          {view.writeFor.map((p) => (
            <li>
              <a href={page.href(`/partnerships/${p.slug}/playbooks/new`)}>
                {t('playbooks.write.for', { partnership: p.title })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <h2 class="visually-hidden">{t('playbooks.list.results')}</h2>
      {view.items.length === 0 ? (
        <p>{t('playbooks.list.empty')}</p>
      ) : (
        <ul class="cards">
          {view.items.map((playbook) => (
            <PlaybookCard page={page} playbook={playbook} />
          ))}
        </ul>
      )}
      <Pagination page={page} next={view.nextHref} />
    </Layout>
  );
}

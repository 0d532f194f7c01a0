import { Shared, type Placeable } from '../../../core/shared/index.js';
import { Pagination } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ActivityLineIn } from '../activity.service.js';
import { ActivitySentence } from './PartnershipPage.js';

/**
 * Lines of the activity across partnerships: each line's sentence (its subject the link to its
 * item), then the partnership it happened in, linked and named in the reader's language.
 */
export function ActivityAcrossList({ page, lines }: { page: PageContext; lines: readonly ActivityLineIn[] }) {
  return (
    <ul class="activity">
      {lines.map((line) => (
        <li>
          <ActivitySentence page={page} line={line} />{' '}
          <span class="meta">
            {page.t('partnerships.activity.across.in')}{' '}
            <a
              href={page.href(`/partnerships/${line.partnership.slug}`)}
              lang={line.partnership.lang !== page.locale ? line.partnership.lang : undefined}
            >
              {line.partnership.title}
            </a>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * `/{lang}/activity`: what happened across the partnerships the reader may see (or what one person
 * did), a page at a time.
 */
export function ActivityAcrossPage({
  page,
  person,
  list,
  next,
}: {
  page: PageContext;
  /** The person whose activity this is, or null for everyone's. */
  person: { handle: string; displayName: string } | null;
  /** The page's lines (shared HTML), or null when there is none. */
  list: Placeable | null;
  /** The address of the next (older) page, or null. */
  next: string | null;
}) {
  const { t } = page;
  const title = person
    ? t('partnerships.activity.across.personTitle', { name: person.displayName })
    : t('partnerships.activity.across.title');
  const crumbs = person
    ? [{ label: person.displayName, path: `/people/${person.handle}` }, { label: title }]
    : [{ label: title }];
  return (
    <Layout page={page} title={title} breadcrumbs={crumbs}>
      <h1>{title}</h1>
      <p class="lead">
        {person ? t('partnerships.activity.across.personLead') : t('partnerships.activity.across.lead')}
      </p>
      {list ? <Shared html={list} /> : <p>{t('partnerships.activity.across.empty')}</p>}
      <Pagination page={page} next={next} />
    </Layout>
  );
}

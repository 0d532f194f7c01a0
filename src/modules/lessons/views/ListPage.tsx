import { Button, Pagination, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { SIZE_BANDS } from '../../organisations/index.js';
import type { LessonFilter } from '../lessons.queries.js';
import type { LessonItem } from '../lessons.present.js';
import { EFFORTS } from '../lessons.tables.js';
import { countryName, LessonCards } from './parts.js';

export interface ListView {
  items: LessonItem[];
  /** The address of the next page, or null. */
  nextHref: string | null;
  filter: LessonFilter;
  /** What the filter form offers: countries and topics of the lessons there are. */
  countries: string[];
  topics: { slug: string; label: string }[];
  /** The reader's partnerships they may write lessons for (slug and title). */
  writeFor: { slug: string; title: string }[];
}

/** The library of lessons: the filter form (GET, no script needed), the lessons, the next page. */
export function ListPage({ page, view }: { page: PageContext; view: ListView }) {
  const { t } = page;
  const any = { value: '', label: t('lessons.filter.any') };
  return (
    <Layout page={page} title={t('lessons.list.title')} breadcrumbs={[{ label: t('lessons.list.title') }]}>
      <h1>{t('lessons.list.heading')}</h1>
      <p class="lead">{t('lessons.list.intro')}</p>
      <p>
        <a href={page.href('/playbooks')}>{t('lessons.list.playbooks')}</a>
      </p>
      {view.writeFor.length > 0 ? (
        <ul class="inline-list">
          {view.writeFor.map((p) => (
            <li>
              <a href={page.href(`/partnerships/${p.slug}/lessons/new`)}>
                {t('lessons.write.for', { partnership: p.title })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        class="filters"
        method="get"
        action={page.href('/lessons')}
        role="search"
        aria-label={t('lessons.filter.label')}
      >
        <Select
          name="size"
          label={t('lessons.filter.size')}
          value={view.filter.size ?? ''}
          options={[any, ...SIZE_BANDS.map((s) => ({ value: s, label: t(`lessons.size.${s}`) }))]}
        />
        <Select
          name="country"
          label={t('lessons.filter.country')}
          value={view.filter.country ?? ''}
          options={[
            any,
            ...view.countries
              .map((c) => ({ value: c, label: countryName(page.locale, c) }))
              .sort((a, b) => a.label.localeCompare(b.label, page.locale)),
          ]}
        />
        <Select
          name="topic"
          label={t('lessons.filter.topic')}
          value={view.filter.topic ?? ''}
          options={[any, ...view.topics.map((tag) => ({ value: tag.slug, label: tag.label }))]}
        />
        <Select
          name="effort"
          label={t('lessons.filter.effort')}
          value={view.filter.effort ?? ''}
          options={[any, ...EFFORTS.map((e) => ({ value: e, label: t(`lessons.effort.${e}`) }))]}
        />
        <Button>{t('lessons.filter.apply')}</Button>
      </form>
      <h2 class="visually-hidden">{t('lessons.list.results')}</h2>
      <LessonCards page={page} lessons={view.items} heading="h3" />
      <Pagination page={page} next={view.nextHref} />
    </Layout>
  );
}

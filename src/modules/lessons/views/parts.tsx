import { LanguageLabel, Tags } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { lessonPath } from '../lessons.queries.js';
import type { LessonItem } from '../lessons.present.js';

const regionNames = new Map<string, Intl.DisplayNames>();
/** A country's name in the reader's language ("SE" → "Švédsko"). */
export function countryName(locale: string, code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = regionNames.get(locale);
  if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale, 'en'], { type: 'region' })));
  return names.of(code) ?? code;
}

/** Where a lesson was learnt, in words: "Helsingborg · medium-sized city · Sweden". */
export function placeInWords(page: PageContext, o: LessonItem['organisation']): string {
  return [
    o.name,
    o.sizeBand ? page.t(`lessons.size.${o.sizeBand}`) : null,
    o.country ? countryName(page.locale, o.country) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One lesson in a list: its title (in its language), where, effort, state when not published, topics. */
export function LessonCard({
  page,
  lesson,
  heading = 'h2',
}: {
  page: PageContext;
  lesson: LessonItem;
  heading?: 'h2' | 'h3';
}) {
  const { t } = page;
  const Heading = heading;
  const id = `lesson-${lesson.slug}`;
  return (
    <li class="card" aria-labelledby={id}>
      <Heading class="card__title" id={id}>
        <a href={page.href(lessonPath(lesson.slug))} lang={lesson.lang !== page.locale ? lesson.lang : undefined}>
          {lesson.title}
        </a>{' '}
        <LanguageLabel page={page} lang={lesson.lang} />
      </Heading>
      <p class="card__meta">
        {lesson.state !== 'published' ? <strong>{t(`lessons.state.${lesson.state}`)} · </strong> : null}
        {placeInWords(page, lesson.organisation)} ·{' '}
        {t('lessons.effortIs', { effort: t(`lessons.effort.${lesson.effort}`) })}
        {lesson.publishedAt ? (
          <>
            {' · '}
            <time dateTime={lesson.publishedAt}>{page.i18n.date(lesson.publishedAt)}</time>
          </>
        ) : null}
      </p>
      <Tags
        page={page}
        label={t('lessons.topics')}
        tags={lesson.tags.map((tag, i) => ({ ...tag, ...(lesson.tagLangs[i] ? { lang: lesson.tagLangs[i] } : {}) }))}
      />
    </li>
  );
}

/** Lessons as a list of cards, or a sentence when there are none. */
export function LessonCards({
  page,
  lessons,
  heading,
}: {
  page: PageContext;
  lessons: LessonItem[];
  heading?: 'h2' | 'h3';
}) {
  if (lessons.length === 0) return <p>{page.t('lessons.list.empty')}</p>;
  return (
    <ul class="cards">
      {lessons.map((lesson) => (
        <LessonCard page={page} lesson={lesson} {...(heading ? { heading } : {})} />
      ))}
    </ul>
  );
}

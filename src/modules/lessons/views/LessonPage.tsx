import type { VNode } from 'preact';
import { Button, Field, Form, Notice, Paragraphs, Select, Tags } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { languageNameIn, nativeLanguageName, EU_LANGUAGES } from '../../../core/i18n/locales.js';
import { lessonPath } from '../lessons.queries.js';
import type { LessonWhole } from '../lessons.present.js';
import { placeInWords } from './parts.js';

export interface LessonView {
  lesson: LessonWhole;
  partnership: { slug: string; title: string };
  may: { edit: boolean; submit: boolean; review: boolean; translate: boolean };
  /** The return form's problem and what was typed, when it was sent wrong. */
  returnError?: string;
  returnNote?: string;
  sections: VNode[];
}

/** A lesson whole: where, the context, the four texts, what it came from, its topics; what the reader may do. */
export function LessonPage({ page, view }: { page: PageContext; view: LessonView }) {
  const { t } = page;
  const l = view.lesson;
  const lang = l.lang !== page.locale ? l.lang : undefined;
  const base = lessonPath(l.slug);
  const versions = [l.originalLang, ...l.translations].filter((code) => code !== l.lang);
  return (
    <Layout
      page={page}
      title={l.title}
      breadcrumbs={[{ label: t('lessons.list.title'), path: '/lessons' }, { label: l.title }]}
    >
      <h1 lang={lang}>{l.title}</h1>
      {l.state !== 'published' ? (
        <Notice kind="info" title={t(`lessons.state.${l.state}`)}>
          <p>{t(`lessons.stateHint.${l.state}`)}</p>
          {l.reviewNote ? (
            <p>
              {t('lessons.review.noteIs')} <q>{l.reviewNote}</q>
            </p>
          ) : null}
        </Notice>
      ) : null}
      {versions.length > 0 ? (
        <p>
          {t('lessons.readIn')}{' '}
          {versions.map((code, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`${page.href(base)}?in=${code}`} hreflang={code} lang={code}>
                {nativeLanguageName(code)}
              </a>
            </>
          ))}
        </p>
      ) : null}
      {l.lang !== l.originalLang ? (
        <p>{t('lessons.translatedFrom', { language: languageNameIn(page.locale, l.originalLang) })}</p>
      ) : null}
      <dl class="facts">
        <dt>{t('lessons.field.organisation')}</dt>
        <dd>{placeInWords(page, l.organisation)}</dd>
        <dt>{t('lessons.partnership')}</dt>
        <dd>
          <a href={page.href(`/partnerships/${view.partnership.slug}/lessons`)}>{view.partnership.title}</a>
        </dd>
        {l.author ? (
          <>
            <dt>{t('lessons.author')}</dt>
            <dd>{l.author}</dd>
          </>
        ) : null}
        {l.publishedAt ? (
          <>
            <dt>{t('lessons.published')}</dt>
            <dd>
              <time dateTime={l.publishedAt}>{page.i18n.date(l.publishedAt, 'long')}</time>
            </dd>
          </>
        ) : null}
        {l.budgetBand ? (
          <>
            <dt>{t('lessons.field.budget_band')}</dt>
            <dd>{t(`lessons.budget.${l.budgetBand}`)}</dd>
          </>
        ) : null}
        {l.staff !== null ? (
          <>
            <dt>{t('lessons.field.staff')}</dt>
            <dd>{t('lessons.staffCount', { count: l.staff })}</dd>
          </>
        ) : null}
        {l.durationMonths !== null ? (
          <>
            <dt>{t('lessons.field.duration_months')}</dt>
            <dd>{t('lessons.months', { count: l.durationMonths })}</dd>
          </>
        ) : null}
        <dt>{t('lessons.field.effort')}</dt>
        <dd>{t(`lessons.effort.${l.effort}`)}</dd>
      </dl>
      <h2>{t('lessons.field.tried')}</h2>
      <Paragraphs text={l.tried} lang={lang} />
      <h2>{t('lessons.field.worked')}</h2>
      <Paragraphs text={l.worked} lang={lang} />
      <h2>{t('lessons.field.not_worked')}</h2>
      <Paragraphs text={l.notWorked} lang={lang} />
      <h2>{t('lessons.field.replicate')}</h2>
      <Paragraphs text={l.replicate} lang={lang} />
      {l.sourcesShown.length > 0 ? (
        <>
          <h2>{t('lessons.sources')}</h2>
          <ul>
            {l.sourcesShown.map((s) => (
              <li>
                {t(`lessons.source.${s.type}`)}:{' '}
                <a href={page.href(s.path)} lang={s.lang !== page.locale ? s.lang : undefined}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Tags
        page={page}
        label={t('lessons.topics')}
        tags={l.tags.map((tag, i) => ({ ...tag, ...(l.tagLangs[i] ? { lang: l.tagLangs[i] } : {}) }))}
      />
      <Actions page={page} view={view} />
      {view.sections}
    </Layout>
  );
}

/** What this reader may do with the lesson: edit, send for review, publish or return, translate. */
function Actions({ page, view }: { page: PageContext; view: LessonView }) {
  const { t } = page;
  const { may, lesson } = view;
  if (!may.edit && !may.submit && !may.review && !may.translate) return null;
  const base = lessonPath(lesson.slug);
  return (
    <section aria-labelledby="lesson-actions" class="hub-block">
      <h2 id="lesson-actions">{t('lessons.actions')}</h2>
      {may.edit ? (
        <p>
          <a href={page.href(`${base}/edit`)}>{t('lessons.edit.link')}</a>
        </p>
      ) : null}
      {may.submit ? (
        <Form page={page} action={page.href(`${base}/submit`)}>
          <Button>{t('lessons.submit.button')}</Button>
        </Form>
      ) : null}
      {may.review ? (
        <>
          <Form page={page} action={page.href(`${base}/publish`)}>
            <Button>{t('lessons.review.publish')}</Button>
          </Form>
          <Form page={page} action={page.href(`${base}/return`)}>
            <Field
              name="note"
              label={t('lessons.review.note')}
              hint={t('lessons.review.noteHint')}
              value={view.returnNote ?? ''}
              error={view.returnError}
              multiline
            />
            <Button variant="secondary">{t('lessons.review.return')}</Button>
          </Form>
        </>
      ) : null}
      {may.translate ? (
        <form method="get" action={page.href(`${base}/translate`)}>
          <Select
            name="into"
            label={t('lessons.translate.into')}
            options={EU_LANGUAGES.filter((code) => code !== lesson.originalLang).map((code) => ({
              value: code,
              label: languageNameIn(page.locale, code),
            }))}
            value={page.locale !== lesson.originalLang ? page.locale : null}
          />
          <Button variant="secondary">{t('lessons.translate.button')}</Button>
        </form>
      ) : null}
    </section>
  );
}

import { Button, Form, LanguageLabel, Notice, Paragraphs, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { EU_LANGUAGES, languageNameIn, nativeLanguageName } from '../../../core/i18n/locales.js';
import type { PlaybookWhole } from '../playbooks.present.js';
import { playbookPath } from '../playbooks.queries.js';

export interface PlaybookView {
  playbook: PlaybookWhole;
  may: { edit: boolean; publish: boolean; unpublish: boolean };
}

/** A playbook whole: who it is for, the introduction, the steps, its chapters (lessons); what the reader may do. */
export function PlaybookPage({ page, view }: { page: PageContext; view: PlaybookView }) {
  const { t } = page;
  const p = view.playbook;
  const lang = p.lang !== page.locale ? p.lang : undefined;
  const base = playbookPath(p.slug);
  const versions = [p.originalLang, ...p.translations].filter((code) => code !== p.lang);
  return (
    <Layout
      page={page}
      title={p.title}
      breadcrumbs={[{ label: t('playbooks.list.title'), path: '/playbooks' }, { label: p.title }]}
    >
      <h1 lang={lang}>{p.title}</h1>
      {p.state !== 'published' ? (
        <Notice kind="info" title={t(`playbooks.state.${p.state}`)}>
          <p>{t('playbooks.stateHint.draft')}</p>
        </Notice>
      ) : null}
      <p class="lead">
        {t('playbooks.for')} <span lang={lang}>{p.target}</span>
      </p>
      {versions.length > 0 ? (
        <p>
          {t('playbooks.readIn')}{' '}
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
      {p.lang !== p.originalLang ? (
        <p>{t('playbooks.translatedFrom', { language: languageNameIn(page.locale, p.originalLang) })}</p>
      ) : null}
      <dl class="facts">
        <dt>{t('playbooks.partnership')}</dt>
        <dd>
          <a href={page.href(`/partnerships/${p.partnership}`)}>{p.partnershipTitle}</a>
        </dd>
        {p.publishedAt ? (
          <>
            <dt>{t('playbooks.published')}</dt>
            <dd>
              <time dateTime={p.publishedAt}>{page.i18n.date(p.publishedAt, 'long')}</time>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a class="button button--primary" href={page.href(`${base}/exports`)}>
          {t('playbooks.exports.link')}
        </a>
      </p>
      <h2>{t('playbooks.introduction')}</h2>
      <Paragraphs text={p.introduction} lang={lang} />
      <h2>{t('playbooks.steps')}</h2>
      <ol lang={lang}>
        {p.steps.map((step) => (
          <li>{step}</li>
        ))}
      </ol>
      <h2>{t('playbooks.chapters')}</h2>
      {p.chapters.length === 0 ? (
        <p>{t('playbooks.noChapters')}</p>
      ) : (
        <ol>
          {p.chapters.map((c) => (
            <li>
              <a href={page.href(c.path)} lang={c.lang !== page.locale ? c.lang : undefined}>
                {c.title}
              </a>{' '}
              <LanguageLabel page={page} lang={c.lang} />
              {c.summary ? <p lang={c.lang !== page.locale ? c.lang : undefined}>{excerpt(c.summary)}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <Actions page={page} view={view} />
    </Layout>
  );
}

/** The first sentence or so of a lesson's "what was tried", for the list of chapters. */
function excerpt(text: string): string {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  return first.length > 180 ? `${first.slice(0, 179).trimEnd()}…` : first;
}

/** What this reader may do with the playbook: edit, publish or unpublish, translate. */
function Actions({ page, view }: { page: PageContext; view: PlaybookView }) {
  const { t } = page;
  const { may, playbook } = view;
  if (!may.edit) return null;
  const base = playbookPath(playbook.slug);
  return (
    <section aria-labelledby="playbook-actions" class="hub-block">
      <h2 id="playbook-actions">{t('playbooks.actions')}</h2>
      <p>
        <a href={page.href(`${base}/edit`)}>{t('playbooks.edit.link')}</a>
      </p>
      {may.publish ? (
        <Form page={page} action={page.href(`${base}/publish`)}>
          <Button>{t('playbooks.publish.button')}</Button>
        </Form>
      ) : null}
      {may.unpublish ? (
        <Form page={page} action={page.href(`${base}/unpublish`)}>
          <p>{t('playbooks.unpublish.hint')}</p>
          <Button variant="secondary">{t('playbooks.unpublish.button')}</Button>
        </Form>
      ) : null}
      <form method="get" action={page.href(`${base}/translate`)}>
        <Select
          name="into"
          label={t('playbooks.translate.into')}
          options={EU_LANGUAGES.filter((code) => code !== playbook.originalLang).map((code) => ({
            value: code,
            label: languageNameIn(page.locale, code),
          }))}
          value={page.locale !== playbook.originalLang ? page.locale : null}
        />
        <Button variant="secondary">{t('playbooks.translate.button')}</Button>
      </form>
    </section>
  );
}

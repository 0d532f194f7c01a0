import { nativeLanguageName } from '../../../core/i18n/locales.js';
import { Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../partnerships.schema.js';

export function PartnershipPage({ page, partnership }: { page: PageContext; partnership: PartnershipDetail }) {
  const { t } = page;
  const lang = partnership.lang !== page.locale ? partnership.lang : undefined;
  return (
    <Layout
      page={page}
      title={partnership.title}
      description={partnership.summary}
      breadcrumbs={[{ label: t('partnerships.list.title'), path: '/partnerships' }, { label: partnership.title }]}
    >
      <h1 lang={lang}>{partnership.title}</h1>
      {lang ? (
        <Notice>
          <p>{t('partnerships.untranslated', { language: nativeLanguageName(partnership.lang) })}</p>
        </Notice>
      ) : null}
      <p class="lead" lang={lang}>
        {partnership.summary}
      </p>
      <dl class="facts">
        <dt>{t('partnerships.launchedLabel')}</dt>
        <dd>{partnership.launchedYear}</dd>
        <dt>{t('partnerships.languagesLabel')}</dt>
        <dd>
          {partnership.languages.map((code, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <span lang={code}>{nativeLanguageName(code)}</span>
            </>
          ))}
        </dd>
      </dl>
    </Layout>
  );
}

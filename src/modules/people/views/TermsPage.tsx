import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { TERMS_VERSION } from '../../accounts/index.js';

/** The version line shared by the terms and the privacy notice. */
export function TermsVersion({ page }: { page: PageContext }) {
  return (
    <p class="lead">
      {page.t('people.terms.version', {
        version: TERMS_VERSION,
        date: page.i18n.date(`${TERMS_VERSION}T12:00:00Z`, 'medium'),
      })}
    </p>
  );
}

const SECTIONS = ['service', 'account', 'content', 'rules', 'end', 'changes'] as const;

/** The terms of use, in plain language. */
export function TermsPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('people.terms.title')}
      description={t('people.terms.lead')}
      breadcrumbs={[{ label: t('people.terms.title') }]}
    >
      <h1>{t('people.terms.title')}</h1>
      <TermsVersion page={page} />
      <p>{t('people.terms.lead')}</p>
      {SECTIONS.map((section) => (
        <>
          <h2>{t(`people.terms.${section}Title`)}</h2>
          <p>{t(`people.terms.${section}`)}</p>
        </>
      ))}
      <p>
        {t('people.terms.privacy')} <a href={page.href('/privacy')}>{t('people.terms.privacyLink')}</a>
      </p>
    </Layout>
  );
}

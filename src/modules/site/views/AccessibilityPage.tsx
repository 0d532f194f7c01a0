import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** The accessibility statement: the standard aimed at, how it is checked, how to report a barrier. */
export function AccessibilityPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('site.accessibility.title')} breadcrumbs={[{ label: t('site.accessibility.title') }]}>
      <h1>{t('site.accessibility.title')}</h1>
      <p class="lead">{t('site.accessibility.lead')}</p>
      <h2>{t('site.accessibility.howTitle')}</h2>
      <ul>
        <li>{t('site.accessibility.howNoJs')}</li>
        <li>{t('site.accessibility.howKeyboard')}</li>
        <li>{t('site.accessibility.howTested')}</li>
        <li>{t('site.accessibility.howLanguages')}</li>
      </ul>
      <h2>{t('site.accessibility.limitsTitle')}</h2>
      <p>{t('site.accessibility.limits')}</p>
      <h2>{t('site.accessibility.reportTitle')}</h2>
      <p>{t('site.accessibility.report')}</p>
    </Layout>
  );
}

import type { VNode } from 'preact';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/** The home page: what Urbis is, then each module's section. */
export function HomePage({ page, sections }: { page: PageContext; sections: (VNode | null)[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('core.site.name')} description={t('site.home.lead')}>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('site.home.title')}</h1>
        <p class="lead">{t('site.home.lead')}</p>
        <ul class="hero__points">
          <li>{t('site.home.pointMeet')}</li>
          <li>{t('site.home.pointTrack')}</li>
          <li>{t('site.home.pointShare')}</li>
        </ul>
      </section>
      {sections}
    </Layout>
  );
}

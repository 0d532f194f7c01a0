import type { VNode } from 'preact';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';

/**
 * The home page: what Urbis is, what one can do here (one line from each installed module that
 * says so: `promises`, message keys), then each module's section.
 */
export function HomePage({
  page,
  promises,
  sections,
}: {
  page: PageContext;
  promises: readonly string[];
  sections: (VNode | null)[];
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('core.site.name')} description={t('site.home.lead')}>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('site.home.title')}</h1>
        <p class="lead">{t('site.home.lead')}</p>
        {promises.length ? (
          <ul class="hero__points" aria-label={t('site.home.promisesTitle')}>
            {promises.map((key) => (
              <li>{t(key)}</li>
            ))}
          </ul>
        ) : null}
      </section>
      {sections}
    </Layout>
  );
}

import { Layout } from '../../../core/views/Layout.js';
import { Table } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';

export interface ApiEndpoint {
  method: string;
  path: string;
  summary: string;
}

/** A readable guide to the API, listing every endpoint of the OpenAPI document. */
export function ApiPage({ page, endpoints }: { page: PageContext; endpoints: ApiEndpoint[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('site.api.title')} breadcrumbs={[{ label: t('site.api.title') }]}>
      <h1>{t('site.api.title')}</h1>
      <p class="lead">{t('site.api.lead')}</p>
      <p>
        {t('site.api.openapi')} <a href="/api/openapi.json">/api/openapi.json</a>
      </p>
      <h2>{t('site.api.conventionsTitle')}</h2>
      <ul>
        <li>{t('site.api.conventionJson')}</li>
        <li>{t('site.api.conventionErrors')}</li>
        <li>{t('site.api.conventionLanguage')}</li>
      </ul>
      <h2>{t('site.api.endpointsTitle')}</h2>
      <Table
        caption={t('site.api.endpointsCaption', { count: endpoints.length })}
        columns={[t('site.api.path'), t('site.api.method'), t('site.api.summary')]}
        rows={endpoints.map((e) => [<code>{e.path}</code>, e.method, <span lang="en">{e.summary}</span>])}
      />
    </Layout>
  );
}

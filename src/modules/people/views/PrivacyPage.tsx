import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { TermsVersion } from './TermsPage.js';

const STORED = [
  'storeAccount',
  'storeProfile',
  'storeSessions',
  'storeWork',
  'storeAudit',
  'storeLogs',
  'storeCookies',
] as const;
const KEPT = ['keepAccount', 'keepSessions', 'keepWork', 'keepLogs'] as const;

/** The privacy notice: what is stored, why, for how long, the person's rights, whom to ask. */
export function PrivacyPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout
      page={page}
      title={t('people.privacy.title')}
      description={t('people.privacy.lead')}
      breadcrumbs={[{ label: t('people.privacy.title') }]}
    >
      <h1>{t('people.privacy.title')}</h1>
      <TermsVersion page={page} />
      <p>{t('people.privacy.lead')}</p>
      <h2>{t('people.privacy.controllerTitle')}</h2>
      <p>{t('people.privacy.controller')}</p>
      <h2>{t('people.privacy.storeTitle')}</h2>
      <ul>
        {STORED.map((key) => (
          <li>{t(`people.privacy.${key}`)}</li>
        ))}
      </ul>
      <p>{t('people.privacy.never')}</p>
      <h2>{t('people.privacy.whyTitle')}</h2>
      <p>{t('people.privacy.why')}</p>
      <h2>{t('people.privacy.keepTitle')}</h2>
      <ul>
        {KEPT.map((key) => (
          <li>{t(`people.privacy.${key}`)}</li>
        ))}
      </ul>
      <h2>{t('people.privacy.rightsTitle')}</h2>
      <ul>
        <li>
          {t('people.privacy.rightsAccess')}{' '}
          <a href={page.href('/settings/privacy')}>{t('people.privacy.rightsAccessLink')}</a>
        </li>
        <li>
          {t('people.privacy.rightsRectify')}{' '}
          <a href={page.href('/settings/profile')}>{t('people.privacy.rightsRectifyLink')}</a>
        </li>
        <li>
          {t('people.privacy.rightsErase')}{' '}
          <a href={page.href('/settings/privacy')}>{t('people.privacy.rightsEraseLink')}</a>
        </li>
        <li>{t('people.privacy.rightsOther')}</li>
      </ul>
      <h2>{t('people.privacy.contactTitle')}</h2>
      <p>{t('people.privacy.contact')}</p>
      <p>
        <a href={page.href('/terms')}>{t('people.privacy.termsLink')}</a>
      </p>
    </Layout>
  );
}

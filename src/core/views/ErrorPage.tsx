import { nativeLanguageName } from '../i18n/locales.js';
import { Layout } from './Layout.js';
import type { PageContext } from './page-context.js';

interface ErrorPageProps {
  page: PageContext;
  status: number;
  /** A sentence that says what happened and what to do, already translated. */
  detail: string;
  /** For 500: the id to quote when reporting the problem. */
  reference?: string;
  /** For an unknown language: offer the real ones. */
  offerLanguages?: boolean;
}

/** The page shown for 4xx and 5xx: what happened, what to do, never a stack trace. */
export function ErrorPage({ page, status, detail, reference, offerLanguages }: ErrorPageProps) {
  const { t } = page;
  const title = t('core.error.title', { status: String(status) });
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p class="lead">{detail}</p>
      {reference ? <p>{t('core.error.reference', { reference })}</p> : null}
      {offerLanguages ? (
        <>
          <h2>{t('core.error.languagesTitle')}</h2>
          <ul class="language-list">
            {page.languages.map((code) => (
              <li>
                <a href={`/${code}/`} lang={code} hrefLang={code}>
                  {nativeLanguageName(code)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          <a href={page.href('/')}>{t('core.error.backHome')}</a>
        </p>
      )}
    </Layout>
  );
}

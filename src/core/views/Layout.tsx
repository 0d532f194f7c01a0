import type { ComponentChildren } from 'preact';
import { isSignedIn, VISITOR } from '../auth/actor.js';
import { nativeLanguageName } from '../i18n/locales.js';
import { KeptValues } from '../kept-values.js';
import type { HeaderEntry, HeaderSearch } from '../module.js';
import { escapeHtml, type Frame, holeMarker, OwnHtml } from '../shared/markers.js';
import { FrameChildren, HoleFor, PlaceFrame, renderFrame } from '../shared/render.js';
import type { PageContext } from './page-context.js';

interface LayoutProps {
  page: PageContext;
  /** The page's own title; the site name is added. */
  title: string;
  /** A one-sentence description for search engines and link previews. */
  description?: string;
  children: ComponentChildren;
  /** Breadcrumbs above the heading: label and path (after `/{lang}`), current page last without path. */
  breadcrumbs?: { label: string; path?: string }[];
  /** Feeds of the page (`<link rel="alternate" type=…>`): an address with its `/{lang}`, its type and title. */
  feeds?: { href: string; type: string; title: string }[];
}

// The frames made so far, by everything they are made from (a few hundred pages' worth, then
// they start again): a frame depends on nothing else, so it is never out of date.
const frames = new KeptValues<Frame>(500);
const noToken = (): string => {
  throw new Error('a frame holds no form token: it has a hole for it');
};

/**
 * The frame of every page: skip link, header, navigation, language switcher, footer. It is
 * rendered once for each address, language, title, description, breadcrumbs and whether the
 * reader is signed in (a frame holds nothing else), and each page places it around its content
 * with the reader's own words in its holes: their name, the sign-out form's token, and their
 * own header items (unread notifications, their partnerships: `page.header`, read fresh for
 * the request from the modules' `header`).
 */
export function Layout({ page, title, description, children, breadcrumbs, feeds }: LayoutProps) {
  const signedIn = isSignedIn(page.actor);
  const key = JSON.stringify([
    page.locale,
    page.path,
    title,
    description ?? '',
    breadcrumbs ?? [],
    signedIn,
    feeds ?? [],
  ]);
  const frame = frames.get(key, () => {
    // Rendered as for nobody in particular: what is the reader's own goes into the holes.
    const anyone: PageContext = { ...page, actor: VISITOR, csrfToken: noToken, header: null };
    const chrome = { page: anyone, title, description, breadcrumbs, feeds, signedIn };
    return renderFrame(<Chrome {...chrome} />);
  });
  const holes: Record<string, string | OwnHtml> = isSignedIn(page.actor)
    ? {
        name: page.actor.displayName,
        token: page.csrfToken(),
        bar: new OwnHtml(barHtml(page, page.header?.bar ?? [])),
        menu: new OwnHtml(menuHtml(page, page.header?.menu ?? [])),
      }
    : {};
  return (
    <PlaceFrame frame={frame} holes={holes}>
      {children}
    </PlaceFrame>
  );
}

/** What a frame is rendered from: the page for its language, address and helpers (not its reader). */
function Chrome({
  page,
  title,
  description,
  breadcrumbs,
  feeds,
  signedIn,
}: Omit<LayoutProps, 'children'> & { signedIn: boolean }) {
  const { t } = page;
  const siteName = t('core.site.name');
  return (
    <html lang={page.locale} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? siteName : `${title} – ${siteName}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={page.asset('urbis.css')} />
        <link rel="icon" href={page.asset('favicon.svg')} type="image/svg+xml" />
        {page.languages.map((code) => (
          <link rel="alternate" hrefLang={code} href={`/${code}${page.path === '/' ? '/' : page.path}`} />
        ))}
        {(feeds ?? []).map((f) => (
          <link rel="alternate" type={f.type} href={f.href} title={f.title} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('core.layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-header__brand" href={page.href('/')}>
              <img src={page.asset('logo.svg')} alt="" width="32" height="32" />
              <span>{siteName}</span>
            </a>
            {/* On a narrow screen, one line: the menu holds the navigation, the reader's own links, the
                account and the languages (a disclosure: no script, and the keyboard opens it). */}
            <details class="site-menu">
              <summary class="site-menu__toggle">{t('core.layout.menu')}</summary>
              <div class="site-menu__body">
                <nav class="site-nav" aria-label={t('core.layout.mainNavigation')}>
                  <ul>
                    {page.navigation.map((link) => (
                      <li>
                        <a
                          href={page.href(link.path)}
                          aria-current={isCurrent(page.path, link.path) ? 'page' : undefined}
                        >
                          {t(link.label)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                {page.search ? <HeaderSearchForm page={page} search={page.search} /> : null}
                {signedIn ? <HoleFor name="menu" /> : null}
                <AccountLinks page={page} signedIn={signedIn} />
                <LanguageSwitcher page={page} />
              </div>
            </details>
            {signedIn ? <HoleFor name="bar" /> : null}
          </div>
        </header>
        {breadcrumbs && breadcrumbs.length > 0 ? (
          <nav class="breadcrumbs" aria-label={t('core.layout.breadcrumbs')}>
            <ol>
              <li>
                <a href={page.href('/')}>{t('core.layout.home')}</a>
              </li>
              {breadcrumbs.map((crumb) => (
                <li>
                  {crumb.path ? (
                    <a href={page.href(crumb.path)}>{crumb.label}</a>
                  ) : (
                    <span aria-current="page">{crumb.label}</span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <main id="main" class="site-main" tabIndex={-1}>
          <FrameChildren />
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <ul>
              <li>
                <a href={page.href('/accessibility')}>{t('core.layout.accessibility')}</a>
              </li>
              <li>
                <a href={page.href('/api')}>{t('core.layout.api')}</a>
              </li>
              <li>
                <a href={page.href('/terms')}>{t('core.layout.terms')}</a>
              </li>
              <li>
                <a href={page.href('/privacy')}>{t('core.layout.privacy')}</a>
              </li>
            </ul>
            <p>{t('core.layout.footerNote')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The reader's own items on the header's line (their unread notifications): HTML of their own, text escaped. */
function barHtml(page: PageContext, entries: readonly HeaderEntry[]): string {
  let html = '';
  for (const entry of entries) if ('path' in entry) html += linkHtml(page, entry, 'site-bar__link');
  return html;
}

/** The reader's own items in the menu (their partnerships, the moderation queue), as a list; nothing when none. */
function menuHtml(page: PageContext, entries: readonly HeaderEntry[]): string {
  if (entries.length === 0) return '';
  let html = '<ul class="site-mine">';
  for (const entry of entries) {
    if ('path' in entry) {
      html += `<li>${linkHtml(page, entry)}</li>`;
      continue;
    }
    html += `<li><details class="site-mine__list"><summary>${escapeHtml(entry.text)}</summary><ul>`;
    for (const link of entry.links) {
      const lang = link.lang && link.lang !== page.locale ? ` lang="${escapeHtml(link.lang)}"` : '';
      html += `<li><a href="${escapeHtml(page.href(link.path))}"${lang}>${escapeHtml(link.text)}</a></li>`;
    }
    html += '</ul></details></li>';
  }
  return html + '</ul>';
}

/** A link with a count: shown short ("3"), said in full ("Notifications, 3 unread"). */
function linkHtml(page: PageContext, entry: Extract<HeaderEntry, { path: string }>, className?: string): string {
  const attributes = className ? ` class="${className}"` : '';
  const current = isCurrent(page.path, entry.path) ? ' aria-current="page"' : '';
  let html = `<a href="${escapeHtml(page.href(entry.path))}"${attributes}${current}>${escapeHtml(entry.text)}`;
  if (entry.count)
    html +=
      `<span class="visually-hidden">, ${escapeHtml(entry.count.said)}</span>` +
      `<span class="site-count" aria-hidden="true">${escapeHtml(entry.count.shown)}</span>`;
  return html + '</a>';
}

function isCurrent(current: string, link: string): boolean {
  return current === link || current.startsWith(link + '/');
}

/**
 * The header's search box (a module's `headerSearch`): a GET form with one field, labelled for
 * screen readers, and a button that says what it does. The same for every reader (the frame is
 * shared): never a value; the search page fills in its own field.
 */
function HeaderSearchForm({ page, search }: { page: PageContext; search: HeaderSearch }) {
  const { t } = page;
  return (
    <form class="site-search" role="search" aria-label={t(search.label)} method="get" action={page.href(search.path)}>
      <label class="visually-hidden" for="site-search-q">
        {t(search.label)}
      </label>
      <input id="site-search-q" class="site-search__input" type="search" name="q" maxLength={200} />
      <button type="submit" class="site-search__button">
        {t(search.button)}
      </button>
    </form>
  );
}

function AccountLinks({ page, signedIn }: { page: PageContext; signedIn: boolean }) {
  const { t } = page;
  if (!signedIn) {
    return (
      <p class="site-account">
        <a href={page.href('/sign-in')}>{t('core.layout.signIn')}</a>
      </p>
    );
  }
  return (
    <form class="site-account" method="post" action={page.href('/sign-out')}>
      <span class="site-account__name">
        <HoleFor name="name" />
      </span>
      <a href={page.href('/settings/account')}>{t('core.layout.settings')}</a>
      <input type="hidden" name="_csrf" value={holeMarker('token')} />
      <button type="submit" class="button button--link">
        {t('core.layout.signOut')}
      </button>
    </form>
  );
}

/** Links to the same page in every interface language; each name is in its own language. */
function LanguageSwitcher({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <nav class="language-switcher" aria-label={t('core.layout.languages')}>
      <ul>
        {page.languages.map((code) => (
          <li>
            {code === page.locale ? (
              <span aria-current="true" lang={code}>
                {nativeLanguageName(code)}
              </span>
            ) : (
              <a href={`/language/${code}?path=${encodeURIComponent(page.path)}`} lang={code} hrefLang={code}>
                {nativeLanguageName(code)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

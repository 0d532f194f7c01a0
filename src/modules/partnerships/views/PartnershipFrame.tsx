import type { ComponentChildren, VNode } from 'preact';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';

/** What the frame shows of a partnership: its identity. */
export interface FramedPartnership {
  slug: string;
  title: string;
  /** Shown on the overview only, under the title. */
  summary?: string;
  /** The language of title and summary (the reader's, or the original when untranslated). */
  lang: string;
  /** The address of the partnership's logo (`src`), when it has one. */
  logo?: string | null;
}

/**
 * The frame every page of a partnership shares, inside the site's `Layout`: the partnership's
 * identity (its logo when it has one, its title, on the overview its summary) and the
 * sub-navigation of its sections (`tabs`: `hubTabs(ctx)`, contributed by modules through
 * `partnershipSections`). `current` is the path of the section the page belongs to (`''` for the
 * overview, `/news`); the tab is marked `aria-current="page"` on the section's own page and
 * `aria-current="true"` on a page inside it (a post, a page of the partnership). On the overview
 * the title is the page's `h1`; elsewhere it links to the overview and the page brings its own `h1`.
 */
export function PartnershipFrame({
  page,
  partnership,
  tabs,
  current,
  follow,
  children,
}: {
  page: PageContext;
  partnership: FramedPartnership;
  tabs: readonly HubTab[];
  /** The reader's follow button (follows' `followButton`), beside the identity; the overview shows it. */
  follow?: VNode | null;
  /** The section this page belongs to; undefined for pages outside the tabs (manage, edit, audit). */
  current?: string;
  children?: ComponentChildren;
}) {
  const base = `/partnerships/${partnership.slug}`;
  const lang = partnership.lang !== page.locale ? partnership.lang : undefined;
  const overview = current === '' && page.path === base;
  return (
    <>
      <div class="hub__identity">
        {partnership.logo ? <img class="hub__logo" src={partnership.logo} alt="" width={64} height={64} /> : null}
        <div class="hub__text">
          {overview ? (
            <h1 class="hub__title" lang={lang}>
              {partnership.title}
            </h1>
          ) : (
            <p class="hub__name" lang={lang}>
              <a href={page.href(base)}>{partnership.title}</a>
            </p>
          )}
          {overview && partnership.summary ? (
            <p class="lead hub__summary" lang={lang}>
              {partnership.summary}
            </p>
          ) : null}
          {follow ?? null}
        </div>
      </div>
      <nav class="hub-nav" aria-label={page.t('partnerships.hub.navigation')}>
        <ul>
          {tabs.map((tab) => {
            const path = base + tab.path;
            const here = page.path === path ? 'page' : current === tab.path ? 'true' : undefined;
            return (
              <li>
                <a href={page.href(path)} aria-current={here}>
                  {page.t(tab.label)}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      {children}
    </>
  );
}

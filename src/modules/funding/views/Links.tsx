import type { PageContext } from '../../../core/views/page-context.js';

/** A list of links (label, path after `/{lang}`) in a labelled navigation; nothing when empty. */
export function LinkList({ page, links }: { page: PageContext; links: { label: string; path: string }[] }) {
  if (links.length === 0) return null;
  return (
    <nav class="links" aria-label={page.t('funding.links.label')}>
      <ul class="inline-list">
        {links.map((l) => (
          <li>
            <a href={page.href(l.path)}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What the reader of the register may do from it, read fresh per request (never in a shared read). */
export interface RegisterMay {
  edit: boolean;
  suggest: boolean;
  grantEditors: boolean;
  signedIn: boolean;
}

/** The register's links for who may use them: editors, those who may suggest, administrators, the signed-in. */
export function registerLinks(page: PageContext, may: RegisterMay): { label: string; path: string }[] {
  const { t } = page;
  return [
    ...(may.edit
      ? [
          { label: t('funding.links.addItem'), path: '/funding/new' },
          { label: t('funding.programme.title.new'), path: '/funding/programmes/new' },
          { label: t('funding.links.review'), path: '/funding/review' },
        ]
      : []),
    ...(may.suggest
      ? [
          { label: t('funding.mine.suggest'), path: '/funding/suggest' },
          { label: t('funding.mine.title'), path: '/funding/suggestions' },
        ]
      : []),
    ...(may.grantEditors ? [{ label: t('funding.editors.title'), path: '/funding/editors' }] : []),
    ...(may.signedIn ? [{ label: t('funding.follow.following.title'), path: '/funding/following' }] : []),
  ];
}

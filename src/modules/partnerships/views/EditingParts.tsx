import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../partnerships.schema.js';

const PARENTS = { organisations: 'partnerships.standing.title', pages: 'partnerships.pageEditor.manageTitle' };

/** The breadcrumbs of the pages where coordinators edit a partnership: the list, the partnership, editing, this. */
export const editingCrumbs = (
  page: PageContext,
  partnership: PartnershipDetail,
  title: string,
  parent?: 'organisations' | 'pages',
) => {
  const base = `/partnerships/${partnership.slug}`;
  return [
    { label: page.t('partnerships.list.title'), path: '/partnerships' },
    { label: partnership.title, path: base },
    { label: page.t('partnerships.edit.title'), path: `${base}/edit` },
    ...(parent ? [{ label: page.t(PARENTS[parent]), path: `${base}/edit/${parent}` }] : []),
    { label: title },
  ];
};

/** The page's `<title>`: "Error: " first when a form came back with messages. */
export const titleWithErrors = (page: PageContext, title: string, partnership: PartnershipDetail, errors: object) =>
  `${Object.keys(errors).length ? `${page.t('partnerships.errorPrefix')} ` : ''}${title} – ${partnership.title}`;

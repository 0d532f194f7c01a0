import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';
import { editingCrumbs } from './EditingParts.js';

/**
 * Asks before something is taken away (an organisation from the partnership, a page): what will
 * happen, a button that does it, and a way back that changes nothing.
 */
export function ConfirmPage({
  page,
  partnership,
  tabs,
  title,
  text,
  action,
  confirm,
  back,
  parent,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The sub-navigation of the partnership's frame (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  title: string;
  text: string;
  /** Where the form posts, after `/{lang}`. */
  action: string;
  confirm: string;
  /** Where "keep it" leads, after `/{lang}`. */
  back: string;
  /** The list this page belongs to. */
  parent: 'organisations' | 'pages';
}) {
  return (
    <Layout
      page={page}
      title={`${title} – ${partnership.title}`}
      breadcrumbs={editingCrumbs(page, partnership, title, parent)}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <div class="narrow">
          <h1>{title}</h1>
          <p>{text}</p>
          <Form page={page} action={page.href(action)} class="inline-form">
            <Button>{confirm}</Button> <a href={page.href(back)}>{page.t('partnerships.editing.keep')}</a>
          </Form>
        </div>
      </PartnershipFrame>
    </Layout>
  );
}

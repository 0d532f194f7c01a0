import { Button, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ManagedPage } from '../editing.schema.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';
import { editingCrumbs } from './EditingParts.js';

/** Which notice to show after a form (`?done=…`); only these are shown. */
const DONE = ['created', 'saved', 'moved', 'deleted'];

/**
 * A partnership's pages for its coordinators, members-only ones too, in the order readers see
 * them: each with its visibility, a link to edit it, buttons that move it up or down (a form
 * each, no script) and a link to delete it (which asks first); and a link to write a new one.
 */
export function PagesPage({
  page,
  partnership,
  tabs,
  pages,
  done,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  /** The sub-navigation of the partnership's frame (`hubTabs(ctx)`). */
  tabs: readonly HubTab[];
  pages: ManagedPage[];
  done?: string | undefined;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.pageEditor.manageTitle');
  return (
    <Layout page={page} title={`${title} – ${partnership.title}`} breadcrumbs={editingCrumbs(page, partnership, title)}>
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <h1>{title}</h1>
        {done && DONE.includes(done) ? (
          <Notice kind="success">
            <p>{t(`partnerships.pageEditor.done.${done}`)}</p>
          </Notice>
        ) : null}
        <p>{t('partnerships.pageEditor.lead')}</p>
        <p>
          <a class="button button--primary" href={page.href(`${base}/edit/pages/new`)}>
            {t('partnerships.pageEditor.new')}
          </a>
        </p>
        {pages.length === 0 ? (
          <p>{t('partnerships.pageEditor.none')}</p>
        ) : (
          <div class="table-wrap" role="region" aria-labelledby="pages-caption" tabIndex={0}>
            <table class="table pages-table">
              <caption id="pages-caption">{t('partnerships.pageEditor.count', { count: pages.length })}</caption>
              <thead>
                <tr>
                  <th scope="col" class="numeric">
                    {t('partnerships.pageEditor.position')}
                  </th>
                  <th scope="col">{t('partnerships.pageEditor.pageTitle')}</th>
                  <th scope="col">{t('partnerships.pageEditor.visibility')}</th>
                  <th scope="col">{t('partnerships.pageEditor.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {pages.map((p, i) => {
                  const lang = p.lang !== page.locale ? p.lang : undefined;
                  const path = `${base}/edit/pages/${p.slug}`;
                  return (
                    <tr>
                      <td class="numeric">{p.position}</td>
                      <th scope="row">
                        <a href={page.href(`${base}/pages/${p.slug}`)} lang={lang}>
                          {p.title}
                        </a>
                      </th>
                      <td>
                        {p.membersOnly ? t('partnerships.pages.membersOnly') : t('partnerships.pageEditor.public')}
                      </td>
                      <td>
                        <div class="page-actions">
                          <a href={page.href(path)}>
                            {t('partnerships.pageEditor.edit')}
                            <span class="visually-hidden"> – {p.title}</span>
                          </a>
                          {i > 0 ? (
                            <Form page={page} action={page.href(`${path}/move`)}>
                              <input type="hidden" name="position" value={String(p.position - 1)} />
                              <Button variant="secondary">
                                {t('partnerships.pageEditor.up')}
                                <span class="visually-hidden"> – {p.title}</span>
                              </Button>
                            </Form>
                          ) : null}
                          {i < pages.length - 1 ? (
                            <Form page={page} action={page.href(`${path}/move`)}>
                              <input type="hidden" name="position" value={String(p.position + 1)} />
                              <Button variant="secondary">
                                {t('partnerships.pageEditor.down')}
                                <span class="visually-hidden"> – {p.title}</span>
                              </Button>
                            </Form>
                          ) : null}
                          <a href={page.href(`${path}/delete`)}>
                            {t('partnerships.pageEditor.delete')}
                            <span class="visually-hidden"> – {p.title}</span>
                          </a>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <a href={page.href(`${base}/edit`)}>{t('partnerships.editing.back')}</a>
        </p>
      </PartnershipFrame>
    </Layout>
  );
}

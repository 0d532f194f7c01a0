import { Button, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { PartnershipDetail, PersonRole } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

/**
 * Leaving asks first: what leaving means (members-only pages and discussions are closed to the
 * person, a coordinator's rights go, coming back takes a new request), then Confirm or Cancel.
 * The last coordinator is told they cannot leave, and offered nothing to confirm.
 */
export function LeavePage({
  page,
  partnership,
  tabs,
  role,
  lastCoordinator,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  role: PersonRole;
  lastCoordinator: boolean;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.leavePage.title');
  return (
    <Layout
      page={page}
      title={`${title} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: base },
        { label: title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={tabs}>
        <div class="narrow">
          <h1>{title}</h1>
          {lastCoordinator ? (
            <>
              <Notice kind="warning">{t('partnerships.leavePage.lastCoordinator')}</Notice>
              <p>
                <a href={page.href(`${base}/manage#people`)}>{t('partnerships.leavePage.toManage')}</a>
              </p>
            </>
          ) : (
            <>
              <p class="lead">
                {t('partnerships.leavePage.lead', {
                  partnership: partnership.title,
                  role: t(`partnerships.role.${role}`),
                })}
              </p>
              <ul>
                <li>{t('partnerships.leavePage.membersOnly')}</li>
                {role !== 'member' ? <li>{t(`partnerships.leavePage.rights.${role}`)}</li> : null}
                <li>{t('partnerships.leavePage.kept')}</li>
                <li>{t('partnerships.leavePage.again')}</li>
              </ul>
              <Form page={page} action={page.href(`${base}/leave`)} class="inline-form">
                <Button>{t('partnerships.leavePage.confirm')}</Button>
                <a class="button button--secondary" href={page.href(base)}>
                  {t('partnerships.leavePage.cancel')}
                </a>
              </Form>
            </>
          )}
        </div>
      </PartnershipFrame>
    </Layout>
  );
}

import { nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, Field, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { HubTab } from '../partnerships.hub.js';
import type { Members, PartnershipDetail, PersonRole } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

export interface PartnershipView {
  members: Members;
  pages: { slug: string; title: string; lang: string; membersOnly: boolean }[];
  activity: { at: string; kind: string; subject: string; path: string | null }[];
  role: PersonRole | null;
  pending: boolean;
  done: string;
  may: { manage: boolean; askToJoin: boolean; leave: boolean };
}

const NOTICES = ['asked', 'already', 'left', 'joined', 'saved', 'last-coordinator'];

export function PartnershipPage({
  page,
  partnership,
  view,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  view: PartnershipView & { tabs: readonly HubTab[] };
}) {
  const { t } = page;
  const lang = partnership.lang !== page.locale ? partnership.lang : undefined;
  const base = `/partnerships/${partnership.slug}`;
  const coordinators = view.members.organisations.filter((o) => o.role === 'coordinator');
  return (
    <Layout
      page={page}
      title={partnership.title}
      description={partnership.summary}
      breadcrumbs={[{ label: t('partnerships.list.title'), path: '/partnerships' }, { label: partnership.title }]}
    >
      {NOTICES.includes(view.done) ? (
        <Notice kind={view.done === 'last-coordinator' ? 'warning' : 'success'}>
          <p>{t(`partnerships.notice.${view.done}`)}</p>
        </Notice>
      ) : null}
      <PartnershipFrame page={page} partnership={partnership} tabs={view.tabs} current="">
        {lang ? (
          <Notice>
            <p>{t('partnerships.untranslated', { language: nativeLanguageName(partnership.lang) })}</p>
          </Notice>
        ) : null}
        <dl class="facts">
          <dt>{t('partnerships.launchedLabel')}</dt>
          <dd>{partnership.launchedYear}</dd>
          {coordinators.length > 0 ? (
            <>
              <dt>{t('partnerships.coordinatorsLabel')}</dt>
              <dd>
                {coordinators.map((o, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
                  </>
                ))}
              </dd>
            </>
          ) : null}
          <dt>{t('partnerships.membersLabel')}</dt>
          <dd>
            <a href={page.href(`${base}/members`)}>
              {t('partnerships.membersCount', {
                organisations: view.members.organisations.length,
                people: view.members.people.length,
              })}
            </a>
          </dd>
          {view.role ? (
            <>
              <dt>{t('partnerships.yourRole')}</dt>
              <dd>{t(`partnerships.role.${view.role}`)}</dd>
            </>
          ) : null}
          <dt>{t('partnerships.languagesLabel')}</dt>
          <dd>
            {partnership.languages.map((code, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <span lang={code}>{nativeLanguageName(code)}</span>
              </>
            ))}
          </dd>
        </dl>

        {view.may.manage ? (
          <ul class="actions">
            <li>
              <a class="button button--secondary" href={page.href(`${base}/manage`)}>
                {t('partnerships.manage.title')}
              </a>
            </li>
          </ul>
        ) : null}

        {view.pages.length > 0 ? (
          <section aria-labelledby="partnership-pages">
            <h2 id="partnership-pages">{t('partnerships.pages.title')}</h2>
            <ul>
              {view.pages.map((p) => (
                <li>
                  <a href={page.href(`${base}/pages/${p.slug}`)} lang={p.lang !== page.locale ? p.lang : undefined}>
                    {p.title}
                  </a>
                  {p.membersOnly ? <span class="meta"> · {t('partnerships.pages.membersOnly')}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section aria-labelledby="partnership-activity">
          <h2 id="partnership-activity">{t('partnerships.activity.title')}</h2>
          {view.activity.length === 0 ? (
            <p>{t('partnerships.activity.empty')}</p>
          ) : (
            <ul class="activity">
              {view.activity.map((a) => (
                <li>
                  <span class="meta">{page.i18n.date(a.at)}</span>{' '}
                  {t(`partnerships.activity.${a.kind}`, { subject: a.subject })}
                  {a.path ? (
                    <>
                      {' '}
                      <a href={page.href(a.path)}>{t('partnerships.activity.open', { subject: a.subject })}</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>

        {view.may.askToJoin && !view.pending ? (
          <section aria-labelledby="partnership-join">
            <h2 id="partnership-join">{t('partnerships.join.title')}</h2>
            <Form page={page} action={page.href(`${base}/join`)}>
              <Field
                name="message"
                label={t('partnerships.join.message')}
                hint={t('partnerships.join.hint')}
                multiline
                maxLength={1000}
              />
              <Button>{t('partnerships.join.submit')}</Button>
            </Form>
          </section>
        ) : null}
        {view.pending ? <p>{t('partnerships.join.pending')}</p> : null}
        {page.actor.kind === 'visitor' ? (
          <p>
            <a href={page.href(`/sign-in?next=${encodeURIComponent(page.href(base))}`)}>
              {t('partnerships.join.signIn')}
            </a>
          </p>
        ) : null}
        {view.may.leave ? (
          <Form page={page} action={page.href(`${base}/leave`)}>
            <Button variant="link">{t('partnerships.leave')}</Button>
          </Form>
        ) : null}
      </PartnershipFrame>
    </Layout>
  );
}

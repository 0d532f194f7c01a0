import type { VNode } from 'preact';
import { nativeLanguageName } from '../../../core/i18n/locales.js';
import { Button, Field, Form, LanguageLabel, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { ActivityLine } from '../activity.service.js';
import type { HubTab } from '../partnerships.hub.js';
import type { Members, PageList, PartnershipDetail, PersonRole } from '../partnerships.schema.js';
import { PageLinks } from './PartnershipPagesPage.js';
import { PartnershipFrame } from './PartnershipFrame.js';

export interface PartnershipView {
  members: Members;
  pages: PageList['items'];
  activity: ActivityLine[];
  role: PersonRole | null;
  pending: boolean;
  done: string;
  may: { manage: boolean; askToJoin: boolean; leave: boolean };
}

/** What only the HTML page has: the tabs, and other modules' blocks rendered for this reader. */
export interface HubExtras {
  tabs: readonly HubTab[];
  recent: VNode[];
  coming: VNode[];
  /** The reader's follow button (follows module), read fresh for this request. */
  follow?: VNode;
}

const NOTICES = ['asked', 'already', 'left', 'joined', 'saved', 'last-coordinator'];

/**
 * A partnership's overview, its home: identity and sub-navigation (the frame), then in two
 * columns (one on a phone, in this order) the latest news and other recent blocks, what is
 * coming, the coordinators, how to join, the pages, and the activity stream.
 */
export function PartnershipPage({
  page,
  partnership,
  view,
  extras,
}: {
  page: PageContext;
  partnership: PartnershipDetail & { logo?: string | null };
  view: PartnershipView;
  extras: HubExtras;
}) {
  const { t } = page;
  const lang = partnership.lang !== page.locale ? partnership.lang : undefined;
  const base = `/partnerships/${partnership.slug}`;
  const organisations = view.members.organisations.filter((o) => o.role === 'coordinator');
  const people = view.members.people.filter((p) => p.role === 'coordinator');
  return (
    <Layout
      page={page}
      title={partnership.title}
      description={partnership.summary}
      breadcrumbs={[{ label: t('partnerships.list.title'), path: '/partnerships' }, { label: partnership.title }]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={extras.tabs} current="" follow={extras.follow}>
        {NOTICES.includes(view.done) ? (
          <Notice kind={view.done === 'last-coordinator' ? 'warning' : 'success'}>
            <p>{t(`partnerships.notice.${view.done}`)}</p>
          </Notice>
        ) : null}
        {lang ? (
          <Notice>
            <p>{t('partnerships.untranslated', { language: nativeLanguageName(partnership.lang) })}</p>
          </Notice>
        ) : null}
        <div class="hub-overview">
          <div class="hub-overview__recent">{extras.recent}</div>
          <div class="hub-overview__side">
            {extras.coming.length > 0 ? (
              <section aria-labelledby="hub-coming" class="hub-block">
                <h2 id="hub-coming">{t('partnerships.hub.coming')}</h2>
                {extras.coming}
              </section>
            ) : null}
            <section aria-labelledby="hub-coordinators" class="hub-block">
              <h2 id="hub-coordinators">{t('partnerships.hub.coordinators')}</h2>
              {organisations.length + people.length === 0 ? <p>{t('partnerships.hub.noCoordinators')}</p> : null}
              {organisations.length > 0 ? (
                <ul class="hub-list">
                  {organisations.map((o) => (
                    <li>
                      <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              {people.length > 0 ? (
                <ul class="hub-list">
                  {people.map((p) => (
                    <li>
                      <a href={page.href(`/people/${p.handle}`)}>{p.displayName}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              <p>
                <a href={page.href(`${base}/members`)}>
                  {t('partnerships.membersCount', {
                    organisations: view.members.organisations.length,
                    people: view.members.people.length,
                  })}
                </a>
              </p>
            </section>
            <Joining page={page} base={base} view={view} />
            <section aria-labelledby="hub-pages" class="hub-block">
              <h2 id="hub-pages">{t('partnerships.pages.title')}</h2>
              <PageLinks page={page} base={base} pages={view.pages} />
            </section>
            <section aria-labelledby="hub-facts" class="hub-block">
              <h2 id="hub-facts">{t('partnerships.hub.facts')}</h2>
              <dl class="facts facts--compact">
                <dt>{t('partnerships.launchedLabel')}</dt>
                <dd>{partnership.launchedYear}</dd>
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
            </section>
          </div>
          <section aria-labelledby="hub-activity" class="hub-overview__activity hub-block">
            <h2 id="hub-activity">{t('partnerships.activity.title')}</h2>
            <ActivityList page={page} lines={view.activity} />
          </section>
        </div>
      </PartnershipFrame>
    </Layout>
  );
}

/** How to join: the request form, "sign in to ask", the waiting request, or one's role, leaving and managing. */
function Joining({ page, base, view }: { page: PageContext; base: string; view: PartnershipView }) {
  const { t } = page;
  return (
    <section aria-labelledby="hub-join" class="hub-block">
      <h2 id="hub-join">{view.role ? t('partnerships.hub.yourPart') : t('partnerships.join.title')}</h2>
      {view.role ? <p>{t('partnerships.hub.yourRole', { role: t(`partnerships.role.${view.role}`) })}</p> : null}
      {view.may.askToJoin && !view.pending ? (
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
      ) : null}
      {view.pending ? <p>{t('partnerships.join.pending')}</p> : null}
      {page.actor.kind === 'visitor' ? (
        <p>
          <a href={page.href(`/sign-in?next=${encodeURIComponent(page.href(base))}`)}>
            {t('partnerships.join.signIn')}
          </a>
        </p>
      ) : null}
      {view.may.manage ? (
        <p>
          <a class="button button--secondary" href={page.href(`${base}/manage`)}>
            {t('partnerships.manage.title')}
          </a>
        </p>
      ) : null}
      {view.may.leave ? (
        <p>
          <a href={page.href(`${base}/leave`)}>{t('partnerships.leave')}</a>
        </p>
      ) : null}
    </section>
  );
}

// Marks where the subject goes in a line's sentence; a private-use character no message contains.
const SUBJECT = '\uE000';

/** The activity stream: each line a sentence in the reader's language whose subject links to its item. */
export function ActivityList({ page, lines }: { page: PageContext; lines: readonly ActivityLine[] }) {
  if (lines.length === 0) return <p>{page.t('partnerships.activity.empty')}</p>;
  return (
    <ul class="activity">
      {lines.map((line) => (
        <li>
          <ActivitySentence page={page} line={line} />
        </li>
      ))}
    </ul>
  );
}

/** One line of a stream: its date, then its sentence whose subject is the link to its item (with its language). */
export function ActivitySentence({ page, line }: { page: PageContext; line: ActivityLine }) {
  const [before = '', ...rest] = page.t(line.message, { subject: SUBJECT }).split(SUBJECT);
  const other = line.lang && line.lang !== page.locale ? line.lang : null;
  return (
    <>
      <time class="meta" dateTime={line.at}>
        {page.i18n.date(line.at, 'medium')}
      </time>{' '}
      {before}
      <a href={page.href(line.path)} lang={other ?? undefined}>
        {line.subject}
      </a>
      {rest.join(line.subject)}
      {other ? (
        <>
          {' · '}
          <LanguageLabel page={page} lang={other} />
        </>
      ) : null}
    </>
  );
}

import type { VNode } from 'preact';
import { type Placeable, Shared } from '../../../core/shared/index.js';
import { Notice, Tags } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import type { AgendaItem, MeetingDetail, Speaker } from '../meetings.schema.js';
import { meetingPath } from '../meetings.present.js';
import { attachmentPath, describeFile } from './AttachmentsPage.js';
import { countryName, MeetingTimes, ordinal } from './parts.js';

function speakerName(page: PageContext, s: Speaker) {
  if (s.kind === 'person') {
    return s.handle ? <a href={page.href(`/people/${s.handle}`)}>{s.displayName}</a> : <>{s.displayName}</>;
  }
  return <a href={page.href(`/organisations/${s.slug}`)}>{s.name}</a>;
}

function Speakers({ page, speakers }: { page: PageContext; speakers: Speaker[] }) {
  if (speakers.length === 0) return null;
  return (
    <p class="meta agenda__speakers">
      {page.t('meetings.agenda.speakers')}:{' '}
      {speakers.map((s, i) => (
        <>
          {i > 0 ? ', ' : ''}
          {speakerName(page, s)}
        </>
      ))}
    </p>
  );
}

function ItemTime({
  page,
  item,
  zone,
  days,
}: {
  page: PageContext;
  item: Omit<AgendaItem, 'items'>;
  zone: string;
  /** The meeting takes more than one day: each item says which. */
  days: boolean;
}) {
  if (!item.startsAt) return null;
  const z = page.i18n.inZone(zone);
  return (
    <p class="agenda__time">
      <time dateTime={item.startsAt}>{days ? z.dateTime(item.startsAt, 'long') : z.time(item.startsAt)}</time>
      {item.endsAt ? (
        <>
          {' – '}
          <time dateTime={item.endsAt}>{z.time(item.endsAt)}</time>
        </>
      ) : null}
    </p>
  );
}

/** The agenda: items in order with times and speakers, sub-items under them. Printable (see urbis.css). */
export function Agenda({ page, meeting }: { page: PageContext; meeting: MeetingDetail }) {
  const lang = meeting.lang !== page.locale ? meeting.lang : undefined;
  const zone = page.i18n.inZone(meeting.timeZone);
  const days = zone.date(meeting.startsAt) !== zone.date(meeting.endsAt);
  return (
    <section class="agenda" aria-labelledby="meeting-agenda">
      <h2 id="meeting-agenda">{page.t('meetings.agenda.title')}</h2>
      {meeting.agenda.length === 0 ? (
        <p>{page.t('meetings.agenda.empty')}</p>
      ) : (
        <ol class="agenda__items" lang={lang}>
          {meeting.agenda.map((item) => (
            <li class="agenda__item">
              <ItemTime page={page} item={item} zone={meeting.timeZone} days={days} />
              <h3 class="agenda__title">{item.title}</h3>
              {item.description ? <p>{item.description}</p> : null}
              <Speakers page={page} speakers={item.speakers} />
              {item.items.length > 0 ? (
                <ol class="agenda__sub">
                  {item.items.map((sub) => (
                    <li class="agenda__item">
                      <ItemTime page={page} item={sub} zone={meeting.timeZone} days={days} />
                      <h4 class="agenda__title">{sub.title}</h4>
                      {sub.description ? <p>{sub.description}</p> : null}
                      <Speakers page={page} speakers={sub.speakers} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * What every reader of a meeting's page in a language reads (the `meetingBody` fragment): its
 * title, number, when (its time zone, and the reader's), where, host, description, participants,
 * agenda and tags.
 */
export function MeetingBody({
  page,
  meeting,
  readerZone,
  started,
}: {
  page: PageContext;
  meeting: MeetingDetail;
  readerZone: string;
  started: boolean;
}) {
  const { t } = page;
  const lang = meeting.lang !== page.locale ? meeting.lang : undefined;
  const { venue, address, city, country, onlineUrl } = meeting.place;
  const inPerson = [venue, address, city, country ? countryName(page.locale, country) : ''].filter(Boolean);
  return (
    <>
      <h1 lang={lang}>{meeting.title}</h1>
      <p class="lead">
        {ordinal(page, meeting.number)}
        {started ? null : ` · ${t('meetings.upcomingLabel')}`}
      </p>
      {meeting.status === 'cancelled' ? (
        <Notice kind="warning" title={t('meetings.status.cancelled')}>
          {t('meetings.status.cancelledText')}
        </Notice>
      ) : null}
      {meeting.membersOnly ? <Notice title={t('meetings.membersOnly')}>{t('meetings.membersOnlyText')}</Notice> : null}
      <dl class="meeting__facts">
        <dt>{t('meetings.facts.when')}</dt>
        <dd>
          <MeetingTimes page={page} meeting={meeting} readerZone={readerZone} />
        </dd>
        {inPerson.length > 0 ? (
          <>
            <dt>{t('meetings.facts.where')}</dt>
            <dd>{inPerson.join(', ')}</dd>
          </>
        ) : null}
        {onlineUrl ? (
          <>
            <dt>{t('meetings.facts.online')}</dt>
            <dd>
              <a href={onlineUrl} rel="nofollow noopener">
                {onlineUrl}
              </a>
            </dd>
          </>
        ) : null}
        {meeting.host ? (
          <>
            <dt>{t('meetings.facts.host')}</dt>
            <dd>
              <a href={page.href(`/organisations/${meeting.host.slug}`)}>{meeting.host.name}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {meeting.html ? <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: meeting.html }} /> : null}
      {meeting.organisations.length > 0 || meeting.people.length > 0 ? (
        <section aria-labelledby="meeting-participants">
          <h2 id="meeting-participants">{t('meetings.participants.title')}</h2>
          {meeting.organisations.length > 0 ? (
            <>
              <h3>{t('meetings.participants.organisations')}</h3>
              <ul class="inline-list">
                {meeting.organisations.map((o) => (
                  <li>
                    <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {meeting.people.length > 0 ? (
            <>
              <h3>{t('meetings.participants.people')}</h3>
              <ul class="inline-list">
                {meeting.people.map((p) => (
                  <li>{p.handle ? <a href={page.href(`/people/${p.handle}`)}>{p.displayName}</a> : p.displayName}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <Agenda page={page} meeting={meeting} />
      {meeting.attachments.length > 0 ? (
        <section aria-labelledby="meeting-files">
          <h2 id="meeting-files">{t('meetings.files.title')}</h2>
          <ul class="list">
            {meeting.attachments.map((f) => (
              <li>
                <p>
                  <a href={page.href(attachmentPath(meetingPath(meeting.partnership, meeting.number), f))} download>
                    {f.name}
                  </a>{' '}
                  <span class="meta">
                    ({t(`meetings.attachments.kind.${f.kind}`)}; {describeFile(page, f)})
                  </span>
                </p>
                {f.description ? <p>{f.description}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {meeting.news.length > 0 ? (
        <section aria-labelledby="meeting-news">
          <h2 id="meeting-news">{t('meetings.news.title')}</h2>
          <ul>
            {meeting.news.map((post) => (
              <li>
                <a href={page.href(post.path)} lang={post.lang !== page.locale ? post.lang : undefined}>
                  {post.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Tags page={page} label={t('meetings.tags')} tags={meeting.tags} />
    </>
  );
}

/**
 * A meeting's page: its body as every reader of the language reads it, what this reader may do
 * (plan it: coordinators), the parts other files of the module add (registration, minutes), then
 * other modules' sections (comments).
 */
export function MeetingPage({
  page,
  meeting,
  view,
}: {
  page: PageContext;
  meeting: MeetingDetail;
  view: {
    partnership: PartnershipDetail;
    tabs: readonly HubTab[];
    body: Placeable;
    /** Parts placed after the details (registration). */
    registration: VNode[];
    /** Parts placed after the agenda (minutes, decisions). */
    after: VNode[];
    sections: VNode[];
    mayPlan: boolean;
    done: 'created' | 'saved' | 'cancelled' | null;
    /** The reader's follow button (follows module), read fresh. */
    follow?: VNode | null;
  };
}) {
  const { t } = page;
  const base = `/partnerships/${view.partnership.slug}`;
  const self = `${base}/meetings/${meeting.number}`;
  return (
    <Layout
      page={page}
      title={meeting.title}
      breadcrumbs={[
        { label: t('meetings.partnerships'), path: '/partnerships' },
        { label: view.partnership.title, path: base },
        { label: t('meetings.hub.tab'), path: `${base}/meetings` },
        { label: ordinal(page, meeting.number) },
      ]}
    >
      <PartnershipFrame page={page} partnership={view.partnership} tabs={view.tabs} current="/meetings">
        <article class="meeting">
          {view.done ? (
            <Notice kind="success">
              <p>{t(`meetings.done.${view.done}`)}</p>
            </Notice>
          ) : null}
          <Shared html={view.body} />
          {view.follow ?? null}
          {view.registration}
          {view.mayPlan ? (
            <div class="actions">
              <p>
                <a href={page.href(`${self}/edit`)}>{t('meetings.edit.link')}</a>
              </p>
              <p>
                <a href={page.href(`${self}/agenda`)}>{t('meetings.agenda.editLink')}</a>
              </p>
              <p>
                <a href={page.href(`${self}/attachments`)}>{t('meetings.attachments.editLink')}</a>
              </p>
              {meeting.status === 'scheduled' ? (
                <p>
                  <a href={page.href(`${self}/cancel`)}>{t('meetings.cancel.link')}</a>
                </p>
              ) : null}
            </div>
          ) : null}
          {view.after}
        </article>
        {view.sections}
      </PartnershipFrame>
    </Layout>
  );
}

import type { PageContext } from '../../../core/views/page-context.js';
import { Notice } from '../../../core/views/components.js';

/** What the meeting page shows of what came of it. */
export interface AfterMeetingView {
  base: string;
  /** Sanitised HTML of the Markdown (empty: not written). */
  minutesHtml: string;
  outcomesHtml: string;
  decisions: { position: number; text: string; action: { title: string; path: string } | null }[];
  attendance: { registered: number; attended: number; reported: number | null };
  /** The meeting has begun (attendance figures mean something). */
  started: boolean;
  /** The reader records minutes (a coordinator). */
  records: boolean;
  lang: string;
  done: string | null;
}

/** Minutes, outcomes, decisions and attendance on the meeting page; nothing before anything was written. */
export function AfterMeeting({ page, view }: { page: PageContext; view: AfterMeetingView }) {
  const { t } = page;
  const lang = view.lang !== page.locale ? view.lang : undefined;
  const written = view.minutesHtml !== '' || view.outcomesHtml !== '' || view.decisions.length > 0;
  const { attendance } = view;
  const figures =
    attendance.reported !== null
      ? t('meetings.minutes.attendanceReported', { attended: attendance.reported })
      : attendance.attended > 0
        ? t('meetings.minutes.attendance', { attended: attendance.attended, registered: attendance.registered })
        : null;
  if (!written && !figures && !view.records) return null;
  return (
    <section class="meeting-after" aria-labelledby="meeting-after-title">
      <h2 id="meeting-after-title">{t('meetings.minutes.title')}</h2>
      {view.done === 'minutes' ? <Notice kind="success">{t('meetings.minutes.saved')}</Notice> : null}
      {view.started && figures ? <p>{figures}</p> : null}
      {view.minutesHtml ? (
        <>
          <h3>{t('meetings.minutes.minutes')}</h3>
          <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: view.minutesHtml }} />
        </>
      ) : null}
      {view.outcomesHtml ? (
        <>
          <h3>{t('meetings.minutes.outcomes')}</h3>
          <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: view.outcomesHtml }} />
        </>
      ) : null}
      {view.decisions.length > 0 ? (
        <>
          <h3>{t('meetings.minutes.decisions')}</h3>
          <ol class="meeting-decisions">
            {view.decisions.map((d) => (
              <li>
                <span lang={lang}>{d.text}</span>
                {d.action ? (
                  <>
                    {' '}
                    ({t('meetings.minutes.linkedAction')}: <a href={page.href(d.action.path)}>{d.action.title}</a>)
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {!written ? <p>{t('meetings.minutes.none')}</p> : null}
      {view.records ? (
        <p>
          <a href={page.href(`${view.base}/minutes`)}>{t('meetings.minutes.edit')}</a>
        </p>
      ) : null}
    </section>
  );
}

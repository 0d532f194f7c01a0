import { Button, Form, Notice } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { RegistrationClosed } from '../meetings.registration.policy.js';

/** What the meeting page's registration section shows one reader (read fresh for them). */
export interface RegistrationView {
  /** The meeting's path after `/{lang}`. */
  base: string;
  /** Why one cannot register now, or null. */
  closed: RegistrationClosed | null;
  capacity: number | null;
  registered: number;
  waiting: number;
  deadline: string | null;
  /** The reader's own registration. */
  mine: { status: 'registered' | 'waiting'; position: number | null } | null;
  /** The reader may register (signed in, and a member for a members-only meeting). */
  mayRegister: boolean;
  signedIn: boolean;
  /** The reader manages registrations (a coordinator). */
  manages: boolean;
  /** The meeting started: registrations can no longer be cancelled. */
  started: boolean;
  /** What the last action did (`?done=`). */
  done: string | null;
}

const DONE_SUCCESS = new Set(['registered', 'waiting', 'unregistered', 'left-waiting']);
const DONE_INFO = new Set(['already-registered', 'already-waiting']);
const DONE_WARNING = new Set(['closed', 'deadline', 'started', 'cancelled', 'not-registered']);

/** The notice after registering or cancelling (`?done=`), when it is one of ours. */
function DoneNotice({ page, view }: { page: PageContext; view: RegistrationView }) {
  const { done } = view;
  if (!done) return null;
  const values = { position: view.mine?.position ?? 0 };
  if (DONE_SUCCESS.has(done)) return <Notice kind="success">{page.t(`meetings.reg.done.${done}`, values)}</Notice>;
  if (DONE_INFO.has(done)) return <Notice kind="info">{page.t(`meetings.reg.done.${done}`, values)}</Notice>;
  if (DONE_WARNING.has(done)) return <Notice kind="warning">{page.t(`meetings.reg.refused.${done}`)}</Notice>;
  return null;
}

/** Registration on the meeting page: the seats, one's own registration, and the forms to change it. */
export function RegistrationBlock({ page, view }: { page: PageContext; view: RegistrationView }) {
  const { t } = page;
  const full = view.capacity !== null && view.registered >= view.capacity;
  const seats =
    view.capacity === null
      ? t('meetings.reg.seatsUnlimited', { registered: view.registered })
      : t('meetings.reg.seats', { registered: view.registered, capacity: view.capacity, waiting: view.waiting });
  return (
    <section class="meeting-registration" aria-labelledby="meeting-registration-title">
      <h2 id="meeting-registration-title">{t('meetings.reg.title')}</h2>
      <DoneNotice page={page} view={view} />
      <p>{view.closed ? t(`meetings.reg.state.${view.closed}`) : t('meetings.reg.state.open')}</p>
      {view.closed === null && view.deadline ? (
        <p>{t('meetings.reg.deadline', { deadline: page.i18n.dateTime(view.deadline) })}</p>
      ) : null}
      <p>{seats}</p>
      {view.mine?.status === 'registered' ? (
        <p class="meeting-registration__mine">
          <strong>{t('meetings.reg.mine.registered')}</strong>
        </p>
      ) : view.mine?.status === 'waiting' ? (
        <p class="meeting-registration__mine">
          <strong>{t('meetings.reg.mine.waiting', { position: view.mine.position ?? 0 })}</strong>
        </p>
      ) : null}
      {view.mine && !view.started ? (
        <Form page={page} action={page.href(`${view.base}/unregister`)}>
          <Button variant="secondary">
            {view.mine.status === 'registered' ? t('meetings.reg.cancel') : t('meetings.reg.leaveWaiting')}
          </Button>
        </Form>
      ) : null}
      {!view.mine && view.mayRegister && view.closed === null ? (
        <Form page={page} action={page.href(`${view.base}/register`)}>
          {full ? <p>{t('meetings.reg.fullHint')}</p> : null}
          <Button>{full ? t('meetings.reg.joinWaiting') : t('meetings.reg.register')}</Button>
        </Form>
      ) : null}
      {!view.signedIn && view.closed === null ? (
        <p>
          <a href={page.href(`/sign-in?next=${encodeURIComponent(page.href(view.base))}`)}>
            {t('meetings.reg.signIn')}
          </a>
        </p>
      ) : null}
      {view.mine && page.actor.kind === 'user' ? (
        <p>
          <a href={page.href(`/people/${page.actor.handle}/meetings`)}>{t('meetings.reg.allMine')}</a>
        </p>
      ) : null}
      {view.manages ? (
        <p>
          <a href={page.href(`${view.base}/registrations`)}>{t('meetings.reg.manageLink')}</a>
        </p>
      ) : null}
    </section>
  );
}

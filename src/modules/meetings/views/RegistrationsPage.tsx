import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, Form, Notice } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FramedPartnership, HubTab } from '../../partnerships/index.js';
import type { RegistrationsJson } from '../meetings.registration.schema.js';
import { Checkbox, FramedMeetingLayout } from './form-kit.js';

/** What the settings form shows (as typed when sent back with messages). */
export interface SettingsValues {
  open: boolean;
  capacity: string;
  deadline: string;
}

/** The coordinators' page of a meeting's registrations: the settings, the list, attendance, the CSV. */
export function RegistrationsPage({
  page,
  partnership,
  tabs,
  base,
  list,
  timeZone,
  values,
  errors,
  attendanceOpen,
  done,
}: {
  page: PageContext;
  partnership: FramedPartnership;
  tabs: readonly HubTab[];
  /** The meeting's path after `/{lang}`. */
  base: string;
  list: RegistrationsJson;
  /** The meeting's time zone, in which the deadline is typed. */
  timeZone: string;
  values: SettingsValues;
  errors: FieldErrors;
  /** The meeting has begun: attendance can be marked. */
  attendanceOpen: boolean;
  done: string | null;
}) {
  const { t } = page;
  const title = t('meetings.reg.list.title', { title: list.title });
  const labels = {
    capacity: t('meetings.reg.settings.capacity'),
    deadline: t('meetings.reg.settings.deadline'),
    open: t('meetings.reg.settings.open'),
  };
  const registered = list.registrations.filter((r) => r.status === 'registered');
  const waiting = list.registrations.filter((r) => r.status === 'waiting');
  return (
    <FramedMeetingLayout
      page={page}
      partnership={partnership}
      tabs={tabs}
      base={base}
      meetingTitle={list.title}
      heading={title}
      crumb={t('meetings.reg.list.crumb')}
    >
      {done === 'settings' ? <Notice kind="success">{t('meetings.reg.done.settings')}</Notice> : null}
      {done === 'attendance' ? <Notice kind="success">{t('meetings.reg.done.attendance')}</Notice> : null}
      <p>
        {t('meetings.reg.list.counts', {
          registered: list.counts.registered,
          waiting: list.counts.waiting,
          attended: list.counts.attended,
        })}
      </p>
      <p>
        <a href={page.href(`${base}/registrations.csv`)} download>
          {t('meetings.reg.list.csv')}
        </a>
      </p>

      <h2 id="registration-settings">{t('meetings.reg.settings.title')}</h2>
      <CheckedForm
        page={page}
        errors={errors}
        labels={labels}
        action={page.href(`${base}/registrations/settings`)}
        aria-labelledby="registration-settings"
      >
        <Checkbox name="open" value="on" label={labels.open} checked={values.open} />
        <Field
          name="capacity"
          label={labels.capacity}
          value={values.capacity}
          error={errors.capacity}
          hint={t('meetings.reg.settings.capacityHint', { registered: list.counts.registered })}
          type="number"
        />
        <Field
          name="deadline"
          label={labels.deadline}
          value={values.deadline}
          error={errors.deadline}
          hint={t('meetings.reg.settings.deadlineHint', { zone: timeZone })}
          type="datetime-local"
        />
        <Button>{t('meetings.reg.settings.save')}</Button>
      </CheckedForm>

      <h2 id="registered-people">{t('meetings.reg.list.registered', { count: registered.length })}</h2>
      {registered.length === 0 ? (
        <p>{t('meetings.reg.list.none')}</p>
      ) : (
        <Form page={page} action={page.href(`${base}/registrations/attendance`)} aria-labelledby="registered-people">
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">
                {t('meetings.reg.list.registered', { count: registered.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('meetings.reg.list.person')}</th>
                  <th scope="col">{t('meetings.reg.list.since')}</th>
                  <th scope="col">{t('meetings.reg.list.attended')}</th>
                </tr>
              </thead>
              <tbody>
                {registered.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={page.href(`/people/${r.handle}`)}>{r.name}</a>
                    </th>
                    <td>{page.i18n.dateTime(r.since)}</td>
                    <td>
                      {attendanceOpen ? (
                        <>
                          <label class="visually-hidden" for={`field-attended-${r.handle}`}>
                            {t('meetings.reg.list.attendedOf', { name: r.name })}
                          </label>
                          <select id={`field-attended-${r.handle}`} name={`attended-${r.handle}`} class="input select">
                            <option value="" selected={r.attended === null}>
                              {t('meetings.reg.attendance.unmarked')}
                            </option>
                            <option value="yes" selected={r.attended === true}>
                              {t('meetings.reg.attendance.yes')}
                            </option>
                            <option value="no" selected={r.attended === false}>
                              {t('meetings.reg.attendance.no')}
                            </option>
                          </select>
                        </>
                      ) : (
                        t('meetings.reg.attendance.later')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {attendanceOpen ? <Button>{t('meetings.reg.attendance.save')}</Button> : null}
        </Form>
      )}

      <h2>{t('meetings.reg.list.waiting', { count: waiting.length })}</h2>
      {waiting.length === 0 ? (
        <p>{t('meetings.reg.list.noneWaiting')}</p>
      ) : (
        <ol class="meeting-waiting">
          {waiting.map((r) => (
            <li>
              <a href={page.href(`/people/${r.handle}`)}>{r.name}</a>, {page.i18n.dateTime(r.since)}
            </li>
          ))}
        </ol>
      )}
    </FramedMeetingLayout>
  );
}

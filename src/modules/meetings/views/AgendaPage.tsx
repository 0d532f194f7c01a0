import type { FieldErrors } from '../../../core/http/forms.js';
import { ErrorSummary, Field, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { AgendaFormValues } from '../meetings.form.js';
import type { AgendaItem, MeetingDetail, Speaker } from '../meetings.schema.js';
import { ordinal } from './parts.js';

const speakerName = (s: Speaker) => (s.kind === 'person' ? s.displayName : s.name);

/** The fields of an agenda item (the add form and the edit form). */
function ItemFields({
  page,
  values,
  errors,
  parents,
}: {
  page: PageContext;
  values: AgendaFormValues;
  errors: FieldErrors;
  /** For a new item: the items it may go under. */
  parents?: { id: number; title: string }[];
}) {
  const { t } = page;
  return (
    <>
      <Field name="title" label={t('meetings.agendaForm.title')} value={values.title} error={errors.title} required />
      <Field
        name="starts_at"
        label={t('meetings.agendaForm.start')}
        value={values.starts_at}
        error={errors.starts_at}
        hint={t('meetings.agendaForm.timeHint')}
      />
      <Field name="ends_at" label={t('meetings.agendaForm.end')} value={values.ends_at} error={errors.ends_at} />
      <Field
        name="speakers"
        label={t('meetings.agendaForm.speakers')}
        value={values.speakers}
        error={errors.speakers}
        hint={t('meetings.agendaForm.speakersHint')}
      />
      <Field
        name="description"
        label={t('meetings.agendaForm.description')}
        value={values.description}
        error={errors.description}
        multiline
      />
      {parents ? (
        <Select
          name="parent"
          label={t('meetings.agendaForm.parent')}
          value={values.parent}
          error={errors.parent}
          options={[
            { value: '', label: t('meetings.agendaForm.topLevel') },
            ...parents.map((p) => ({ value: String(p.id), label: p.title })),
          ]}
        />
      ) : null}
    </>
  );
}

export const agendaLabels = (page: PageContext): Record<string, string> => ({
  title: page.t('meetings.agendaForm.title'),
  starts_at: page.t('meetings.agendaForm.start'),
  ends_at: page.t('meetings.agendaForm.end'),
  speakers: page.t('meetings.agendaForm.speakers'),
  description: page.t('meetings.agendaForm.description'),
  parent: page.t('meetings.agendaForm.parent'),
});

/** One item in the editor: its title, time and speakers, and the buttons that move, edit and remove it. */
function EditableItem({
  page,
  item,
  self,
  first,
  last,
  zone,
}: {
  page: PageContext;
  item: Omit<AgendaItem, 'items'>;
  self: string;
  first: boolean;
  last: boolean;
  zone: string;
}) {
  const { t } = page;
  const base = `${self}/agenda/${item.id}`;
  const z = page.i18n.inZone(zone);
  return (
    <>
      <p>
        <strong>{item.title}</strong>
        {item.startsAt ? ` · ${z.dateTime(item.startsAt, 'medium')}` : null}
        {item.speakers.length > 0 ? ` · ${item.speakers.map(speakerName).join(', ')}` : null}
      </p>
      <div class="agenda-editor__actions">
        <a href={page.href(`${base}/edit`)}>
          {t('meetings.agendaForm.edit')}
          <span class="visually-hidden">: {item.title}</span>
        </a>
        {first ? null : (
          <Form page={page} action={page.href(`${base}/move`)} class="inline-form">
            <input type="hidden" name="direction" value="up" />
            <button type="submit" class="button button--link">
              {t('meetings.agendaForm.up')}
              <span class="visually-hidden">: {item.title}</span>
            </button>
          </Form>
        )}
        {last ? null : (
          <Form page={page} action={page.href(`${base}/move`)} class="inline-form">
            <input type="hidden" name="direction" value="down" />
            <button type="submit" class="button button--link">
              {t('meetings.agendaForm.down')}
              <span class="visually-hidden">: {item.title}</span>
            </button>
          </Form>
        )}
        <Form page={page} action={page.href(`${base}/delete`)} class="inline-form">
          <button type="submit" class="button button--link">
            {t('meetings.agendaForm.remove')}
            <span class="visually-hidden">: {item.title}</span>
          </button>
        </Form>
      </div>
    </>
  );
}

/** The agenda editor of a meeting: its items in order, each editable, and the form that adds one. */
export function AgendaPage({
  page,
  partnership,
  meeting,
  values,
  errors,
  done,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  meeting: MeetingDetail;
  values: AgendaFormValues;
  errors: FieldErrors;
  done: boolean;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const self = `${base}/meetings/${meeting.number}`;
  const title = t('meetings.agendaForm.pageTitle', { meeting: ordinal(page, meeting.number) });
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: partnership.title, path: base },
        { label: t('meetings.hub.tab'), path: `${base}/meetings` },
        { label: ordinal(page, meeting.number), path: self },
        { label: t('meetings.agenda.title') },
      ]}
    >
      <h1>{title}</h1>
      <p>
        <a href={page.href(self)}>{meeting.title}</a>
      </p>
      {done ? (
        <Notice kind="success">
          <p>{t('meetings.agendaForm.saved')}</p>
        </Notice>
      ) : null}
      {meeting.agenda.length === 0 ? (
        <p>{t('meetings.agenda.empty')}</p>
      ) : (
        <ol class="agenda-editor">
          {meeting.agenda.map((item, i) => (
            <li>
              <EditableItem
                page={page}
                item={item}
                self={self}
                first={i === 0}
                last={i === meeting.agenda.length - 1}
                zone={meeting.timeZone}
              />
              {item.items.length > 0 ? (
                <ol>
                  {item.items.map((sub, j) => (
                    <li>
                      <EditableItem
                        page={page}
                        item={sub}
                        self={self}
                        first={j === 0}
                        last={j === item.items.length - 1}
                        zone={meeting.timeZone}
                      />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <h2 id="agenda-add">{t('meetings.agendaForm.add')}</h2>
      <ErrorSummary page={page} errors={errors} labels={agendaLabels(page)} />
      <Form page={page} action={page.href(`${self}/agenda`)} aria-labelledby="agenda-add">
        <ItemFields
          page={page}
          values={values}
          errors={errors}
          parents={meeting.agenda.map((item) => ({ id: item.id, title: item.title }))}
        />
        <button type="submit" class="button button--primary">
          {t('meetings.agendaForm.addButton')}
        </button>
      </Form>
    </Layout>
  );
}

/** Editing one agenda item. */
export function AgendaItemPage({
  page,
  partnership,
  meeting,
  itemId,
  values,
  errors,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  meeting: { number: number; title: string };
  itemId: number;
  values: AgendaFormValues;
  errors: FieldErrors;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const self = `${base}/meetings/${meeting.number}`;
  const title = t('meetings.agendaForm.editTitle', { item: values.title });
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: partnership.title, path: base },
        { label: ordinal(page, meeting.number), path: self },
        { label: t('meetings.agenda.title'), path: `${self}/agenda` },
        { label: t('meetings.agendaForm.edit') },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary page={page} errors={errors} labels={agendaLabels(page)} />
      <Form page={page} action={page.href(`${self}/agenda/${itemId}/edit`)}>
        <ItemFields page={page} values={values} errors={errors} />
        <button type="submit" class="button button--primary">
          {t('meetings.form.save')}
        </button>{' '}
        <a href={page.href(`${self}/agenda`)}>{t('meetings.agendaForm.back')}</a>
      </Form>
    </Layout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, CheckedForm, Field, fieldsOf, Form, Notice, Select } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';
import type { AgendaFormValues } from '../meetings.form.js';
import type { AgendaItem, MeetingDetail, Speaker } from '../meetings.schema.js';
import { meetingPath } from '../meetings.present.js';
import { meetingCrumb, OneMeetingLayout, PlanningLayout } from './form-kit.js';
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
  const field = fieldsOf(values, errors, agendaLabels(page));
  return (
    <>
      <Field {...field('title')} required />
      <Field {...field('starts_at')} hint={t('meetings.agendaForm.timeHint')} />
      <Field {...field('ends_at')} />
      <Field {...field('speakers')} hint={t('meetings.agendaForm.speakersHint')} />
      <Field {...field('description')} multiline />
      {parents ? (
        <Select
          {...field('parent')}
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

/** What an item's buttons do: the address below the item they post to and their label. */
const ITEM_CHANGES = {
  up: { path: 'move', label: 'meetings.agendaForm.up' },
  down: { path: 'move', label: 'meetings.agendaForm.down' },
  remove: { path: 'delete', label: 'meetings.agendaForm.remove' },
} as const;

/** A button that changes one item (its title said to screen readers), with its own small form. */
function ItemButton({
  page,
  base,
  change,
  item,
}: {
  page: PageContext;
  base: string;
  change: keyof typeof ITEM_CHANGES;
  item: string;
}) {
  const { path, label } = ITEM_CHANGES[change];
  return (
    <Form page={page} action={page.href(`${base}/${path}`)} class="inline-form">
      {change === 'remove' ? null : <input type="hidden" name="direction" value={change} />}
      <button type="submit" class="button button--link">
        {page.t(label)}
        <span class="visually-hidden">: {item}</span>
      </button>
    </Form>
  );
}

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
        {first ? null : <ItemButton page={page} base={base} change="up" item={item.title} />}
        {last ? null : <ItemButton page={page} base={base} change="down" item={item.title} />}
        <ItemButton page={page} base={base} change="remove" item={item.title} />
      </div>
    </>
  );
}

/** Items in order, each editable; a top-level item with its sub-items in a list of their own. */
function EditableList({
  page,
  items,
  self,
  zone,
  class: className,
}: {
  page: PageContext;
  items: (Omit<AgendaItem, 'items'> & { items?: AgendaItem['items'] })[];
  self: string;
  zone: string;
  class?: string;
}) {
  return (
    <ol class={className}>
      {items.map((item, i) => (
        <li>
          <EditableItem page={page} item={item} self={self} first={i === 0} last={i === items.length - 1} zone={zone} />
          {item.items && item.items.length > 0 ? (
            <EditableList page={page} items={item.items} self={self} zone={zone} />
          ) : null}
        </li>
      ))}
    </ol>
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
  const self = meetingPath(partnership.slug, meeting.number);
  const title = t('meetings.agendaForm.pageTitle', { meeting: ordinal(page, meeting.number) });
  return (
    <OneMeetingLayout
      page={page}
      partnership={partnership}
      number={meeting.number}
      title={title}
      crumb={t('meetings.agenda.title')}
    >
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
        <EditableList page={page} items={meeting.agenda} self={self} zone={meeting.timeZone} class="agenda-editor" />
      )}
      <h2 id="agenda-add">{t('meetings.agendaForm.add')}</h2>
      <CheckedForm
        page={page}
        errors={errors}
        labels={agendaLabels(page)}
        action={page.href(`${self}/agenda`)}
        aria-labelledby="agenda-add"
      >
        <ItemFields
          page={page}
          values={values}
          errors={errors}
          parents={meeting.agenda.map((item) => ({ id: item.id, title: item.title }))}
        />
        <Button>{t('meetings.agendaForm.addButton')}</Button>
      </CheckedForm>
    </OneMeetingLayout>
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
  const self = meetingPath(partnership.slug, meeting.number);
  const title = t('meetings.agendaForm.editTitle', { item: values.title });
  return (
    <PlanningLayout
      page={page}
      partnership={partnership}
      title={title}
      crumbs={[
        meetingCrumb(page, partnership.slug, meeting.number),
        { label: t('meetings.agenda.title'), path: `${self}/agenda` },
        { label: t('meetings.agendaForm.edit') },
      ]}
    >
      <CheckedForm
        page={page}
        errors={errors}
        labels={agendaLabels(page)}
        action={page.href(`${self}/agenda/${itemId}/edit`)}
      >
        <ItemFields page={page} values={values} errors={errors} />
        <Button>{t('meetings.form.save')}</Button>{' '}
        <a href={page.href(`${self}/agenda`)}>{t('meetings.agendaForm.back')}</a>
      </CheckedForm>
    </PlanningLayout>
  );
}

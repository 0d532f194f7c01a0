import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, fieldParts, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { MESSAGE_LIMIT, type ManageJson, type ManagedPerson } from '../membership.schema.js';
import type { HubTab } from '../partnerships.hub.js';
import { PERSON_ROLES, type PartnershipDetail } from '../partnerships.schema.js';
import { PartnershipFrame } from './PartnershipFrame.js';

/** What the coordinator typed into the table, sent back with its messages (handle → role or 'removed'). */
export interface TableState {
  values: Record<string, string>;
  errors: FieldErrors;
  /** People changed by someone else and no longer members, by name (the save was not made). */
  gone: string[];
}

export interface ManagePageProps {
  page: PageContext;
  partnership: PartnershipDetail;
  tabs: readonly HubTab[];
  view: ManageJson;
  /** The filters of the table as asked (`?role=&q=`), and their messages. */
  filter: { role: string; q: string; errors: FieldErrors };
  table?: TableState;
  invite?: { values: Record<string, string>; errors: FieldErrors };
  done?: string | undefined;
  /** The coordinator's own handle: they leave from the partnership's page, not here. */
  selfHandle: string;
}

/** Which notice to show after a form (`?done=…`); only these are shown. */
const DONE: Record<string, 'success' | 'warning'> = {
  approved: 'success',
  refused: 'success',
  decided: 'warning',
  invited: 'success',
  revoked: 'success',
  'not-revoked': 'warning',
  saved: 'success',
  unchanged: 'success',
};

export const roleField = (handle: string) => `role-${handle}`;
export const wasField = (handle: string) => `was-${handle}`;
export const removeField = (handle: string) => `remove-${handle}`;

/**
 * The coordinators' page: requests to join, the people in one compact table (filters by role
 * and name, a role per row, one save), invitations (send with a personal message, pending ones
 * with revoke). Works without JavaScript; at 390 px the tables scroll in their own region.
 */
export function ManagePage(props: ManagePageProps) {
  const { page, partnership, view, filter, done } = props;
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.manage.title');
  const table = props.table ?? { values: {}, errors: {}, gone: [] };
  const invite = props.invite ?? { values: {}, errors: {} };
  const errors = { ...filter.errors, ...table.errors, ...invite.errors };
  const names = new Map(view.people.map((p) => [p.handle, p.displayName]));
  const labels: Record<string, string> = {
    'filter-q': t('partnerships.manage.filter.name'),
    'filter-role': t('partnerships.manage.filter.role'),
    email: t('partnerships.invite.email'),
    role: t('partnerships.members.role'),
    message: t('partnerships.invite.message'),
  };
  for (const [handle, name] of names) labels[roleField(handle)] = t('partnerships.manage.roleOf', { name });
  const roleOptions = PERSON_ROLES.map((r) => ({ value: r, label: t(`partnerships.role.${r}`) }));
  const filtered = Boolean(filter.role || filter.q);
  return (
    <Layout
      page={page}
      title={`${Object.keys(errors).length ? `${t('partnerships.errorPrefix')} ` : ''}${title} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: base },
        { label: title },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={props.tabs}>
        <ErrorSummary page={page} errors={errors} labels={labels} />
        <h1>{title}</h1>
        {done && DONE[done] ? <Notice kind={DONE[done]}>{t(`partnerships.manage.done.${done}`)}</Notice> : null}
        {table.gone.length > 0 ? (
          <Notice kind="warning">
            {t('partnerships.manage.gone', {
              names: new Intl.ListFormat(page.locale, { type: 'conjunction' }).format(table.gone),
              count: table.gone.length,
            })}
          </Notice>
        ) : null}
        <ul class="actions">
          <li>
            <a href={page.href(`${base}/edit`)}>{t('partnerships.edit.title')}</a>
          </li>
          <li>
            <a href={page.href(`${base}/audit`)}>{t('partnerships.audit.title')}</a>
          </li>
        </ul>

        <section aria-labelledby="requests">
          <h2 id="requests">{t('partnerships.manage.requests', { count: view.requests.length })}</h2>
          {view.requests.length === 0 ? (
            <p>{t('partnerships.manage.noRequests')}</p>
          ) : (
            <ul class="request-list">
              {view.requests.map((r) => (
                <li>
                  <p>
                    <a href={page.href(`/people/${r.handle}`)}>{r.displayName}</a> · {page.i18n.dateTime(r.createdAt)}
                  </p>
                  {r.message ? <blockquote class="request-list__message">{r.message}</blockquote> : null}
                  <Form page={page} action={page.href(`${base}/requests/${r.id}`)} class="inline-form">
                    <button type="submit" name="decision" value="approve" class="button button--primary">
                      {t('partnerships.manage.approve', { name: r.displayName })}
                    </button>{' '}
                    <button type="submit" name="decision" value="refuse" class="button button--secondary">
                      {t('partnerships.manage.refuse', { name: r.displayName })}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="people">
          <h2 id="people">{t('partnerships.members.people', { count: view.total })}</h2>
          <FilterForm page={page} base={base} filter={filter} />
          {filtered ? (
            <p role="status">
              {t('partnerships.manage.filter.showing', { shown: view.people.length, total: view.total })}{' '}
              <a href={page.href(`${base}/manage#people`)}>{t('partnerships.manage.filter.clear')}</a>
            </p>
          ) : null}
          {view.people.length === 0 ? (
            <p>{t('partnerships.manage.filter.none')}</p>
          ) : (
            <Form page={page} action={page.href(`${base}/people`)} class="people-form">
              {filter.role ? <input type="hidden" name="filter-role" value={filter.role} /> : null}
              {filter.q ? <input type="hidden" name="filter-q" value={filter.q} /> : null}
              <div class="table-wrap table-wrap--region" role="region" aria-labelledby="people-caption" tabIndex={0}>
                <table class="table people-table">
                  <caption id="people-caption">{t('partnerships.manage.table.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('partnerships.members.person')}</th>
                      <th scope="col">{t('partnerships.members.organisation')}</th>
                      <th scope="col">{t('partnerships.members.role')}</th>
                      <th scope="col">{t('partnerships.members.since')}</th>
                      <th scope="col">{t('partnerships.manage.table.remove')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.people.map((p) => (
                      <PersonRow
                        page={page}
                        person={p}
                        value={table.values[p.handle]}
                        error={table.errors[roleField(p.handle)]}
                        self={p.handle === props.selfHandle}
                        options={roleOptions}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Button>{t('partnerships.manage.save')}</Button>
            </Form>
          )}
        </section>

        <section aria-labelledby="invitations">
          <h2 id="invitations">{t('partnerships.invite.title')}</h2>
          <Form page={page} action={page.href(`${base}/invitations`)}>
            <Field
              name="email"
              type="email"
              label={t('partnerships.invite.email')}
              value={invite.values.email ?? ''}
              error={invite.errors.email}
              required
              autocomplete="off"
            />
            <Select
              name="role"
              label={t('partnerships.members.role')}
              value={invite.values.role || 'member'}
              error={invite.errors.role}
              options={roleOptions}
            />
            <Field
              name="message"
              multiline
              label={t('partnerships.invite.message')}
              hint={t('partnerships.invite.messageHint', { limit: MESSAGE_LIMIT })}
              value={invite.values.message ?? ''}
              error={invite.errors.message}
            />
            <Button>{t('partnerships.invite.send')}</Button>
          </Form>
          <h3 id="pending-invitations">{t('partnerships.invite.pending', { count: view.invitations.length })}</h3>
          {view.invitations.length === 0 ? (
            <p>{t('partnerships.invite.nonePending')}</p>
          ) : (
            <div class="table-wrap table-wrap--region" role="region" aria-labelledby="invitations-caption" tabIndex={0}>
              <table class="table invitations-table">
                <caption id="invitations-caption" class="visually-hidden">
                  {t('partnerships.invite.pending', { count: view.invitations.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('partnerships.invite.address')}</th>
                    <th scope="col">{t('partnerships.members.role')}</th>
                    <th scope="col">{t('partnerships.invite.invitedBy')}</th>
                    <th scope="col">{t('partnerships.invite.sent')}</th>
                    <th scope="col">{t('partnerships.invite.expires')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('partnerships.invite.revokeColumn')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.invitations.map((i) => (
                    <tr>
                      <th scope="row" class="invitations-table__address">
                        {i.email}
                      </th>
                      <td>{t(`partnerships.role.${i.role}`)}</td>
                      <td>{i.invitedBy ?? t('partnerships.invite.inviterGone')}</td>
                      <td>{page.i18n.date(i.createdAt)}</td>
                      <td>{page.i18n.date(i.expiresAt)}</td>
                      <td>
                        <Form page={page} action={page.href(`${base}/invitations/${i.id}/revoke`)} class="inline-form">
                          <button type="submit" class="button button--secondary">
                            {t('partnerships.invite.revoke')}
                            <span class="visually-hidden">
                              {' '}
                              {t('partnerships.invite.revokeOf', { email: i.email })}
                            </span>
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </PartnershipFrame>
    </Layout>
  );
}

/** The filters of the table: a GET form (the address can be kept and shared), no script. */
function FilterForm({ page, base, filter }: { page: PageContext; base: string; filter: ManagePageProps['filter'] }) {
  const { t } = page;
  const name = fieldParts('filter-q', undefined, filter.errors['filter-q']);
  const role = fieldParts('filter-role', undefined, filter.errors['filter-role']);
  return (
    <form method="get" action={`${page.href(`${base}/manage`)}#people`} class="filter-form" role="search">
      <div class={name.wrapperClass}>
        <label class="field__label" for={name.id}>
          {t('partnerships.manage.filter.name')}
        </label>
        {name.messages}
        <input
          id={name.id}
          name="q"
          type="search"
          class={`input${filter.errors['filter-q'] ? ' input--error' : ''}`}
          value={filter.q}
          maxLength={100}
          aria-invalid={filter.errors['filter-q'] ? 'true' : undefined}
          aria-describedby={name.describedBy}
        />
      </div>
      <div class={role.wrapperClass}>
        <label class="field__label" for={role.id}>
          {t('partnerships.manage.filter.role')}
        </label>
        {role.messages}
        <select
          id={role.id}
          name="role"
          class={`input select${filter.errors['filter-role'] ? ' input--error' : ''}`}
          aria-invalid={filter.errors['filter-role'] ? 'true' : undefined}
          aria-describedby={role.describedBy}
        >
          <option value="" selected={!filter.role}>
            {t('partnerships.manage.filter.anyRole')}
          </option>
          {PERSON_ROLES.map((r) => (
            <option value={r} selected={filter.role === r}>
              {t(`partnerships.role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <Button variant="secondary">{t('partnerships.manage.filter.apply')}</Button>
    </form>
  );
}

/** One person in the table: name, organisation, their role as a select, since when, and a box to remove them. */
function PersonRow({
  page,
  person,
  value,
  error,
  self,
  options,
}: {
  page: PageContext;
  person: ManagedPerson;
  value: string | undefined;
  error: string | undefined;
  self: boolean;
  options: { value: string; label: string }[];
}) {
  const { t } = page;
  const field = fieldParts(roleField(person.handle), undefined, error);
  const chosen = value && value !== 'removed' ? value : person.role;
  return (
    <tr class={error ? 'people-table__row--error' : undefined}>
      <th scope="row">
        <a href={page.href(`/people/${person.handle}`)}>{person.displayName}</a>
      </th>
      <td>
        {person.organisations.map((o, i) => (
          <>
            {i > 0 ? ', ' : null}
            <a href={page.href(`/organisations/${o.slug}`)}>{o.name}</a>
          </>
        ))}
      </td>
      <td class={field.wrapperClass}>
        <label for={field.id} class="visually-hidden">
          {t('partnerships.manage.roleOf', { name: person.displayName })}
        </label>
        {field.messages}
        <input type="hidden" name={wasField(person.handle)} value={person.role} />
        <select
          id={field.id}
          name={roleField(person.handle)}
          class={`input select input--compact${error ? ' input--error' : ''}`}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={field.describedBy}
        >
          {options.map((o) => (
            <option value={o.value} selected={o.value === chosen}>
              {o.label}
            </option>
          ))}
        </select>
      </td>
      <td class="people-table__since">{page.i18n.date(person.joinedAt)}</td>
      <td>
        {self ? null : (
          <span class="checkbox-cell">
            <input
              type="checkbox"
              id={`field-${removeField(person.handle)}`}
              name={removeField(person.handle)}
              value="on"
              checked={value === 'removed'}
            />
            <label for={`field-${removeField(person.handle)}`}>
              <span class="visually-hidden">{t('partnerships.manage.remove', { name: person.displayName })}</span>
            </label>
          </span>
        )}
      </td>
    </tr>
  );
}

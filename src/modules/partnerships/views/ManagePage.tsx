import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, ErrorSummary, Field, Form, Notice, Select } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PERSON_ROLES, type Members, type PartnershipDetail } from '../partnerships.schema.js';

export interface ManageData {
  partnership: PartnershipDetail;
  members: Members;
  requests: { id: number; handle: string; displayName: string; message: string; createdAt: string }[];
  selfHandle: string;
}

const DONE = ['approved', 'refused', 'invited', 'saved', 'last-coordinator'];

/** The coordinators' page: requests to join, invitations, roles. */
export function ManagePage({
  page,
  data,
  done,
  errors,
  values,
}: {
  page: PageContext;
  data: ManageData;
  done?: string | undefined;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const { t } = page;
  const { partnership, members, requests } = data;
  const base = `/partnerships/${partnership.slug}`;
  const title = t('partnerships.manage.title');
  const roleOptions = PERSON_ROLES.map((r) => ({ value: r, label: t(`partnerships.role.${r}`) }));
  return (
    <Layout
      page={page}
      title={Object.keys(errors).length ? `${t('partnerships.errorPrefix')} ${title}` : title}
      breadcrumbs={[
        { label: t('partnerships.list.title'), path: '/partnerships' },
        { label: partnership.title, path: base },
        { label: title },
      ]}
    >
      <ErrorSummary
        page={page}
        errors={errors}
        labels={{ email: t('partnerships.invite.email'), role: t('partnerships.members.role') }}
      />
      <h1>{title}</h1>
      {done && DONE.includes(done) ? (
        <Notice kind={done === 'last-coordinator' ? 'warning' : 'success'}>
          {t(`partnerships.manage.done.${done}`)}
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

      <h2>{t('partnerships.manage.requests', { count: requests.length })}</h2>
      {requests.length === 0 ? (
        <p>{t('partnerships.manage.noRequests')}</p>
      ) : (
        <ul class="request-list">
          {requests.map((r) => (
            <li>
              <p>
                <a href={page.href(`/people/${r.handle}`)}>{r.displayName}</a> · {page.i18n.dateTime(r.createdAt)}
              </p>
              {r.message ? <blockquote>{r.message}</blockquote> : null}
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

      <h2>{t('partnerships.invite.title')}</h2>
      <Form page={page} action={page.href(`${base}/invitations`)}>
        <Field
          name="email"
          type="email"
          label={t('partnerships.invite.email')}
          value={values.email ?? ''}
          error={errors.email}
          required
          autocomplete="off"
        />
        <Select
          name="role"
          label={t('partnerships.members.role')}
          value={values.role || 'member'}
          error={errors.role}
          options={roleOptions}
        />
        <Button>{t('partnerships.invite.send')}</Button>
      </Form>

      <h2>{t('partnerships.members.people', { count: members.people.length })}</h2>
      <ul class="member-list">
        {members.people.map((p) => (
          <li>
            <a href={page.href(`/people/${p.handle}`)}>{p.displayName}</a>
            <Form page={page} action={page.href(`${base}/people/${p.handle}`)} class="inline-form">
              <label for={`role-${p.handle}`} class="visually-hidden">
                {t('partnerships.manage.roleOf', { name: p.displayName })}
              </label>
              <select id={`role-${p.handle}`} name="role" class="input select">
                {roleOptions.map((o) => (
                  <option value={o.value} selected={o.value === p.role}>
                    {o.label}
                  </option>
                ))}
              </select>{' '}
              <button type="submit" class="button button--secondary">
                {t('partnerships.manage.changeRole', { name: p.displayName })}
              </button>{' '}
              {p.handle === data.selfHandle ? null : (
                <button type="submit" name="action" value="remove" class="button button--link">
                  {t('partnerships.manage.remove', { name: p.displayName })}
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

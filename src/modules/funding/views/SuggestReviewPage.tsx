import type { FieldErrors } from '../../../core/http/forms.js';
import { Button, Field, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { Suggestion } from '../funding.suggest.js';

/** The editors' review queue: each suggestion waiting, with accept, and reject with a reason. */
export function SuggestReviewPage({
  page,
  queue,
  errors,
  typed,
  done,
}: {
  page: PageContext;
  queue: Suggestion[];
  /** A refused decision's message, by the field name of its suggestion's form (`reason-12`). */
  errors: FieldErrors;
  typed: Record<string, string>;
  done: 'accepted' | 'rejected' | null;
}) {
  const { t } = page;
  const heading = t('funding.review.title');
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('funding.edit.crumb.register'), path: '/funding' }, { label: heading }]}
    >
      <h1>{heading}</h1>
      {done ? <Notice kind="success">{t(`funding.review.done.${done}`)}</Notice> : null}
      {queue.length === 0 ? <p>{t('funding.review.empty')}</p> : null}
      {queue.map((s) => (
        <section class="card" aria-labelledby={`suggestion-${s.id}`}>
          <h2 id={`suggestion-${s.id}`}>
            <a href={page.href(`/funding/${s.id}`)}>{s.title}</a>
          </h2>
          <p class="meta">
            {t('funding.review.suggested', {
              name: s.suggestedBy ?? t('accounts.deletedUser'),
              date: page.i18n.dateTime(s.suggestedAt),
            })}
          </p>
          <p>
            <a href={page.href(`/funding/${s.id}/edit`)}>{t('funding.review.editFirst', { title: s.title })}</a>
          </p>
          <Form page={page} action={page.href(`/funding/${s.id}/accept`)}>
            <Button>{t('funding.review.accept', { title: s.title })}</Button>
          </Form>
          <Form page={page} action={page.href(`/funding/${s.id}/reject`)}>
            <Field
              name={`reason-${s.id}`}
              label={t('funding.review.reason')}
              value={typed[`reason-${s.id}`] ?? ''}
              error={errors[`reason-${s.id}`]}
              hint={t('funding.review.reasonHint')}
              multiline
              maxLength={2000}
            />
            <Button variant="secondary">{t('funding.review.reject', { title: s.title })}</Button>
          </Form>
        </section>
      ))}
    </Layout>
  );
}

/** What a member suggested, each with its state and, when rejected, the editors' reason. */
export function MySuggestionsPage({
  page,
  mine,
  sent,
  maySuggest,
}: {
  page: PageContext;
  mine: Suggestion[];
  sent: boolean;
  maySuggest: boolean;
}) {
  const { t } = page;
  const heading = t('funding.mine.title');
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('funding.edit.crumb.register'), path: '/funding' }, { label: heading }]}
    >
      <h1>{heading}</h1>
      {sent ? <Notice kind="success">{t('funding.mine.sent')}</Notice> : null}
      {maySuggest ? (
        <p>
          <a href={page.href('/funding/suggest')}>{t('funding.mine.suggest')}</a>
        </p>
      ) : null}
      {mine.length === 0 ? (
        <p>{t('funding.mine.none')}</p>
      ) : (
        <ul>
          {mine.map((s) => (
            <li>
              <a href={page.href(`/funding/${s.id}`)}>{s.title}</a> ({page.i18n.date(s.suggestedAt)}):{' '}
              <span class={`status status--${s.state}`}>{t(`funding.state.${s.state}`)}</span>
              {s.state === 'rejected' && s.reason ? (
                <p>
                  {t('funding.mine.reason')}: {s.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

import type { FieldErrors } from '../../../core/http/forms.js';
import { wallTimeOf } from '../../../core/i18n/time-zone.js';
import { Button, ErrorSummary, Field, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { PartnershipDetail } from '../../partnerships/index.js';

/** What the publish forms of a post need: whether it is scheduled (and for when), and what was typed. */
export interface PublishState {
  status: 'draft' | 'scheduled';
  /** The time it is scheduled for (ISO), for a scheduled post. */
  publishedAt: string | null;
  /** What was typed in the time field, shown again with its message. */
  value?: string;
  errors?: FieldErrors;
}

/**
 * The coordinators' forms under a post that is not out: for a draft, "Publish now" and
 * "Schedule" (with its time); for a scheduled post, "Reschedule" (the time set, to change),
 * "Publish now" and "Unschedule" (back to a draft). Each is a form of its own, without
 * JavaScript; the time is the platform's (`timeZone`).
 */
export function PublishForms({
  page,
  self,
  state,
  timeZone,
}: {
  page: PageContext;
  self: string;
  state: PublishState;
  timeZone: string;
}) {
  const { t } = page;
  const scheduled = state.status === 'scheduled';
  const current = scheduled && state.publishedAt ? wallTimeOf(state.publishedAt, timeZone) : '';
  return (
    <section class="publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t(scheduled ? 'news.publish.titleScheduled' : 'news.publish.title')}</h2>
      <Form page={page} action={page.href(`${self}/publish`)} aria-labelledby="publish-at-title">
        <h3 id="publish-at-title">{t(scheduled ? 'news.publish.reschedule' : 'news.publish.schedule')}</h3>
        <input type="hidden" name="schedule" value="yes" />
        <Field
          name="publish_at"
          type="datetime-local"
          label={t('news.publish.at')}
          hint={t('news.publish.hint', { zone: timeZone })}
          value={state.value ?? current}
          error={state.errors?.publish_at}
          required
        />
        <Button>{t(scheduled ? 'news.publish.reschedule' : 'news.publish.schedule')}</Button>
      </Form>
      <Form page={page} action={page.href(`${self}/publish`)}>
        <Button variant={scheduled ? 'secondary' : 'primary'}>{t('news.publish.now')}</Button>
      </Form>
      {scheduled ? (
        <Form page={page} action={page.href(`${self}/unschedule`)}>
          <p class="meta" id="unschedule-hint">
            {t('news.publish.unscheduleHint')}
          </p>
          <Button variant="secondary" aria-describedby="unschedule-hint">
            {t('news.publish.unschedule')}
          </Button>
        </Form>
      ) : null}
    </section>
  );
}

/** The publish forms again, with the time field's message, when the time given was not one. */
export function PublishPage({
  page,
  partnership,
  post,
  state,
  timeZone,
}: {
  page: PageContext;
  partnership: PartnershipDetail;
  post: { slug: string; title: string; lang: string };
  state: PublishState;
  timeZone: string;
}) {
  const { t } = page;
  const base = `/partnerships/${partnership.slug}`;
  const self = `${base}/news/${post.slug}`;
  const title = t('news.publish.pageTitle');
  return (
    <Layout
      page={page}
      title={title}
      breadcrumbs={[
        { label: t('news.partnerships'), path: '/partnerships' },
        { label: partnership.title, path: base },
        { label: t('news.list.short'), path: `${base}/news` },
        { label: post.title, path: self },
        { label: title },
      ]}
    >
      <div class="narrow">
        <h1>{title}</h1>
        <ErrorSummary page={page} errors={state.errors ?? {}} labels={{ publish_at: t('news.publish.at') }} />
        <p>
          {t('news.publish.post')}{' '}
          <a href={page.href(self)} lang={post.lang !== page.locale ? post.lang : undefined}>
            {post.title}
          </a>
        </p>
        <PublishForms page={page} self={self} state={state} timeZone={timeZone} />
      </div>
    </Layout>
  );
}

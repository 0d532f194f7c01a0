import type { CommentTarget } from '../../../core/module.js';
import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { CommentForm, ReasonForm } from './CommentThread.js';

/** The forms with one reason field, and the route each posts to. */
const ROUTE_OF = { report: 'report', hide: 'hide', keepHidden: 'hide', unhide: 'unhide', dismiss: 'unhide' } as const;
export type ReasonMode = keyof typeof ROUTE_OF;
const isReasonMode = (mode: string): mode is ReasonMode => Object.hasOwn(ROUTE_OF, mode);

/**
 * A small page with one comment form: editing, or a form sent back with a field message
 * and what was typed (nothing was stored).
 */
export function CommentFormPage({
  page,
  target,
  mode,
  values,
  error,
  commentId,
  from,
}: {
  page: PageContext;
  target: CommentTarget;
  mode: 'new' | 'reply' | 'edit' | ReasonMode;
  values: { type?: string; id?: number; parent?: number; body?: string; reason?: string };
  error?: string | undefined;
  commentId?: number;
  /** The form was sent from the moderation queue, and goes back there. */
  from?: 'reported' | undefined;
}) {
  const { t } = page;
  const title = t(`comments.page.${mode}`);
  const back = from === 'reported' ? page.href('/comments/reported') + (commentId ? `#comment-${commentId}` : '') : page.href(target.path) + (commentId ? `#comment-${commentId}` : '#comments');
  const reasonMode = isReasonMode(mode) ? mode : null;
  return (
    <Layout page={page} title={title}>
      <div class="narrow">
        <h1>{title}</h1>
        <p>
          {t('comments.page.on')} <a href={back}>{target.title}</a>
        </p>
        {error ? (
          <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
            <h2 id="error-summary-title" class="error-summary__title">
              {t('core.form.errorSummary', { count: 1 })}
            </h2>
            <ul>
              <li>
                <a href={reasonMode ? `#${reasonMode}-${commentId}-reason` : mode === 'reply' ? `#comment-body-${values.parent}` : '#comment-body'}>{error}</a>
              </li>
            </ul>
          </div>
        ) : null}
        {mode === 'edit' ? (
          <Form page={page} action={page.href(`/comments/${commentId}/edit`)}>
            <div class={`field${error ? ' field--error' : ''}`}>
              <label class="field__label" for="comment-body">
                {t('comments.edit.label')}
              </label>
              {error ? (
                <p class="field__error" id="comment-body-error">
                  {error}
                </p>
              ) : null}
              <textarea id="comment-body" name="body" class="input" rows={8} maxLength={5000} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'comment-body-error' : undefined}>
                {values.body ?? ''}
              </textarea>
            </div>
            <Button>{t('comments.edit.submit')}</Button>
          </Form>
        ) : reasonMode ? (
          <ReasonForm
            page={page}
            action={page.href(`/comments/${commentId}/${ROUTE_OF[reasonMode]}`)}
            id={`${reasonMode}-${commentId}`}
            label={t(`comments.${reasonMode}.reason`)}
            submit={t(`comments.${reasonMode}.submit`)}
            value={values.reason ?? ''}
            error={error}
            from={from}
          />
        ) : (
          <CommentFormInner page={page} values={values} error={error} mode={mode === 'reply' ? 'reply' : 'new'} />
        )}
        <p>
          <a href={back}>{t('comments.page.back')}</a>
        </p>
      </div>
    </Layout>
  );
}

function CommentFormInner({ page, values, error, mode }: { page: PageContext; values: { type?: string; id?: number; parent?: number; body?: string }; error?: string | undefined; mode: 'new' | 'reply' }) {
  const parent = mode === 'reply' && values.parent ? ({ id: values.parent } as Parameters<typeof CommentForm>[0]['parent']) : undefined;
  return (
    <CommentForm
      page={page}
      type={values.type ?? ''}
      id={values.id ?? 0}
      {...(parent ? { parent } : {})}
      label={page.t(mode === 'reply' ? 'comments.page.replyLabel' : 'comments.form.label')}
      body={values.body ?? ''}
      error={error}
    />
  );
}

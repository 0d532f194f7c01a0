import type { CommentTarget } from '../../../core/module.js';
import { Button, Form } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { CommentForm, ReasonForm, TextBody } from './CommentThread.js';

/** The forms with one reason field, and the route each posts to. */
const ROUTE_OF = { report: 'report', hide: 'hide', keepHidden: 'hide', unhide: 'unhide', dismiss: 'unhide' } as const;
export type ReasonMode = keyof typeof ROUTE_OF;
const isReasonMode = (mode: string): mode is ReasonMode => Object.hasOwn(ROUTE_OF, mode);

/**
 * The comment a page is about, shown above its form: the one answered, reported, hidden,
 * shown again or deleted. Only pages whose reader may read its text show it (the rules of
 * every such page leave deleted comments out; hidden ones reach only their author and the
 * target's moderators).
 */
export interface QuotedComment {
  id: number;
  /** Its author's name as the reader sees it. */
  name: string;
  body: string;
  lang: string;
  createdAt: string;
  editedAt: string | null;
}

/** The quoted comment: who wrote it and when, and its text (plain text, as in the thread). */
function Quoted({ page, comment, caption }: { page: PageContext; comment: QuotedComment; caption: string }) {
  return (
    <div class="comment">
      <p class="comment__meta">
        <span class="comment__author">{caption}</span>{' '}
        <time datetime={comment.createdAt}>{page.i18n.dateTime(comment.createdAt)}</time>
        {comment.editedAt ? (
          <>
            {' '}
            <span class="comment__edited">
              {page.t('comments.edited')}{' '}
              <time datetime={comment.editedAt}>{page.i18n.dateTime(comment.editedAt)}</time>
            </span>
          </>
        ) : null}
      </p>
      <blockquote>
        <TextBody text={comment.body} lang={comment.lang !== page.locale ? comment.lang : undefined} />
      </blockquote>
    </div>
  );
}

/**
 * A small page with one comment form, which the thread links to for each comment's actions:
 * a reply, an edit, the confirmation of a delete, a report, a moderator's hide or show again
 * (or dismiss); and any of these (or a new comment) sent back with a field message and what
 * was typed (nothing was stored). With `comment`, the comment it is about is shown above the
 * form. `reported`: the reader reported the comment already, so there is no report form.
 */
export function CommentFormPage({
  page,
  target,
  mode,
  values,
  error,
  commentId,
  comment,
  reported = false,
  from,
}: {
  page: PageContext;
  target: CommentTarget;
  mode: 'new' | 'reply' | 'edit' | 'delete' | ReasonMode;
  values: { type?: string; id?: number; parent?: number; body?: string; reason?: string };
  error?: string | undefined;
  commentId?: number;
  comment?: QuotedComment | undefined;
  reported?: boolean;
  /** The form was sent from the moderation queue, and goes back there. */
  from?: 'reported' | undefined;
}) {
  const { t } = page;
  const title = t(`comments.page.${mode}`);
  const anchor = commentId ?? comment?.id;
  const back =
    from === 'reported'
      ? page.href('/comments/reported') + (anchor ? `#comment-${anchor}` : '')
      : page.href(target.path) + (anchor ? `#comment-${anchor}` : '#comments');
  const reasonMode = isReasonMode(mode) ? mode : null;
  const caption = !comment
    ? ''
    : mode === 'reply'
      ? t('comments.page.replyingTo', { name: comment.name })
      : mode === 'edit' || mode === 'delete'
        ? t('comments.page.yourComment')
        : t('comments.page.commentBy', { name: comment.name });
  const backText =
    mode === 'delete'
      ? t('comments.delete.back')
      : reported
        ? t('comments.page.backToThread')
        : t('comments.page.back');
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
                <a
                  href={
                    reasonMode
                      ? `#${reasonMode}-${anchor}-reason`
                      : mode === 'reply'
                        ? `#comment-body-${values.parent}`
                        : '#comment-body'
                  }
                >
                  {error}
                </a>
              </li>
            </ul>
          </div>
        ) : null}
        {comment ? <Quoted page={page} comment={comment} caption={caption} /> : null}
        {mode === 'edit' ? (
          <Form page={page} action={page.href(`/comments/${anchor}/edit`)}>
            <div class={`field${error ? ' field--error' : ''}`}>
              <label class="field__label" for="comment-body">
                {t('comments.edit.label')}
              </label>
              {error ? (
                <p class="field__error" id="comment-body-error">
                  {error}
                </p>
              ) : null}
              <textarea
                id="comment-body"
                name="body"
                class="input"
                rows={8}
                maxLength={5000}
                required
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? 'comment-body-error' : undefined}
              >
                {values.body ?? ''}
              </textarea>
            </div>
            <Button>{t('comments.edit.submit')}</Button>
          </Form>
        ) : mode === 'delete' ? (
          <>
            <p>{t('comments.delete.confirm')}</p>
            <Form page={page} action={page.href(`/comments/${anchor}/delete`)}>
              <Button>{t('comments.delete.submit')}</Button>
            </Form>
          </>
        ) : reasonMode && reported ? (
          <p>{t('comments.report.done')}</p>
        ) : reasonMode ? (
          <ReasonForm
            page={page}
            action={page.href(`/comments/${anchor}/${ROUTE_OF[reasonMode]}`)}
            id={`${reasonMode}-${anchor}`}
            label={t(`comments.${reasonMode}.reason`)}
            submit={t(`comments.${reasonMode}.submit`)}
            value={values.reason ?? ''}
            error={error}
            from={from}
          />
        ) : (
          <CommentForm
            page={page}
            type={values.type ?? ''}
            id={values.id ?? 0}
            {...(mode === 'reply' && values.parent ? { parent: { id: values.parent } } : {})}
            label={
              mode !== 'reply'
                ? t('comments.form.label')
                : comment
                  ? t('comments.reply.label', { name: comment.name })
                  : t('comments.page.replyLabel')
            }
            body={values.body ?? ''}
            error={error}
          />
        )}
        <p>
          <a href={back}>{backText}</a>
        </p>
      </div>
    </Layout>
  );
}

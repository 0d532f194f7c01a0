import { renderToString } from 'preact-render-to-string';
import type { ContentSection } from '../../core/module.js';
import { renderSharedThread, threadFor, type ThreadCursor } from './comments.fragment.js';
import { reportedOn, reportersOn } from './comments.queries.js';
import { resolveTarget } from './comments.service.js';
import { ThreadForm } from './views/CommentThread.js';

const cursor = (raw: string | undefined) => (raw && /^[0-9]{1,12}$/.test(raw) ? Number(raw) : undefined);
const NONE: ReadonlySet<number> = new Set();

/**
 * The comments under any commentable content: its owner's page renders the content sections.
 *
 * The thread is rendered once per page of comments, language and generation of the data (the
 * shared memo: the next write makes it anew), with slots for what depends on the reader; each
 * request fills them (action links by the policy, hidden text for its author, the moderation
 * link) and renders the comment form with its own token.
 */
export const commentsSection: ContentSection = {
  order: 100,
  async render(page, ctx, subject) {
    const target = await resolveTarget(ctx, subject.type, subject.id, page.actor);
    if (!target) return null;
    const at: ThreadCursor = {
      focused: cursor(subject.query.thread),
      after: cursor(subject.query.comments_after),
      before: cursor(subject.query.comments_before),
    };
    const base = page.href(target.path);
    const key = `comments:thread:${subject.type}:${subject.id}:${base}:${at.focused ?? ''}:${at.after ?? ''}:${at.before ?? ''}`;
    const shared = await ctx.shared.remember(
      key,
      () => renderSharedThread(ctx, page, subject.type, subject.id, base, at),
      (s) => s.bytes,
    );
    // Which of the page's comments the reader reported: asked only of those who reported any on
    // this subject (who they are is shared, once per generation).
    const reporters =
      page.actor.kind === 'user' && shared.ids.length > 0
        ? await ctx.shared.remember(
            `comments:reporters:${subject.type}:${subject.id}`,
            () => reportersOn(ctx.db, subject.type, subject.id),
            (ids) => ids.size * 16 + 64,
          )
        : null;
    const reported =
      page.actor.kind === 'user' && reporters?.has(page.actor.id)
        ? await reportedOn(ctx.db, page.actor.id, subject.type, subject.id)
        : NONE;
    const thread = threadFor(shared, page.actor, target, reported);
    // A thread filled for this reader alone (they wrote or reported on this page) is theirs.
    const html =
      (typeof thread === 'string' ? page.personal(thread) : page.embed(thread)) +
      renderToString(<ThreadForm page={page} type={subject.type} id={subject.id} target={target} />);
    return (
      <section
        class="comments"
        id="comments"
        aria-labelledby="comments-title"
        dangerouslySetInnerHTML={{ __html: html }}
      />
    );
  },
};

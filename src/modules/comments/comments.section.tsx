import { queryId } from '../../core/http/validation.js';
import type { ContentSection } from '../../core/module.js';
import { Shared } from '../../core/shared/index.js';
import { fillingFor, threadPage } from './comments.fragments.js';
import { reportedOn } from './comments.queries.js';
import { commentReads } from './comments.reads.js';
import { resolveTarget } from './comments.service.js';
import { ThreadForm } from './views/CommentThread.js';

const NONE: ReadonlySet<number> = new Set();

/**
 * The comments under any commentable content: its owner's page renders the content sections.
 * The page of the thread is a shared fragment (`threadPage`), filled for the reader's class or
 * for them alone; the comment form below it carries the reader's own form token.
 */
export const commentsSection: ContentSection = {
  order: 100,
  async render(page, ctx, subject) {
    const target = await resolveTarget(ctx, subject.type, subject.id, page.actor);
    if (!target) return null;
    const { query } = subject;
    const thread = await threadPage.get(ctx, page, {
      type: subject.type,
      id: subject.id,
      base: page.href(target.path),
      // Ids the page's address names: out of range or not numbers, a 400 naming the parameter.
      focused: queryId(query.thread, 'thread'),
      after: queryId(query.comments_after, 'comments_after'),
      before: queryId(query.comments_before, 'comments_before'),
    });
    if (!thread) return null;
    const { actor } = page;
    // Which of the page's comments the reader reported: asked only of those who reported any here.
    const reporters =
      actor.kind === 'user' && thread.props.states.size > 0
        ? await commentReads.reporters.get(ctx, { type: subject.type, id: subject.id })
        : null;
    const reported =
      actor.kind === 'user' && reporters?.has(actor.id)
        ? await reportedOn(ctx.db, actor.id, subject.type, subject.id)
        : NONE;
    return (
      <section class="comments" id="comments" aria-labelledby="comments-title">
        <Shared html={thread.fill(fillingFor(thread.props.states, actor, target, reported))} />
        <ThreadForm page={page} type={subject.type} id={subject.id} target={target} />
      </section>
    );
  },
};

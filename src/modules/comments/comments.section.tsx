import type { ContentSection } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { reportedBy } from './comments.queries.js';
import { loadThread, resolveTarget } from './comments.service.js';
import { CommentThread } from './views/CommentThread.js';

const cursor = (raw: string | undefined) => (raw && /^[0-9]{1,12}$/.test(raw) ? Number(raw) : undefined);

/** The comments under any commentable content: its owner's page renders the content sections. */
export const commentsSection: ContentSection = {
  order: 100,
  async render(page, ctx, subject) {
    const target = await resolveTarget(ctx, subject.type, subject.id, page.actor);
    if (!target) return null;
    const focused = cursor(subject.query.thread);
    const after = cursor(subject.query.comments_after);
    const before = cursor(subject.query.comments_before);
    const thread = await loadThread(ctx, subject.type, subject.id, {
      ...(focused !== undefined ? { thread: focused } : {}),
      ...(after !== undefined ? { after } : {}),
      ...(before !== undefined && before > 0 ? { before } : {}),
    });
    const all = thread.roots.flatMap((r) => [r.comment, ...r.replies]);
    const [authors, reported] = await Promise.all([
      findUsersByIds(ctx.db, all.flatMap((c) => (c.author_id === null ? [] : [c.author_id]))),
      page.actor.kind === 'user' ? reportedBy(ctx.db, page.actor.id, all.map((c) => c.id)) : Promise.resolve(new Set<number>()),
    ]);
    return CommentThread({ page, type: subject.type, id: subject.id, target, thread, authors, reported, base: page.href(target.path), focused: focused ?? null });
  },
};

import { defineReads, dim, read } from '../../core/shared/index.js';
import { reportersOn } from './comments.queries.js';

/** What many readers of comment threads share, kept until the next write (see ARCHITECTURE.md). */
export const commentReads = defineReads('comments', {
  /**
   * Who reported any comment on a piece of content: most readers are not among them, and need
   * not ask which comments they reported (`reportedOn`, per reader).
   */
  reporters: read({
    key: { type: dim.text, id: dim.id },
    load: (ctx, k) => reportersOn(ctx.db, k.type, k.id),
  }),
});

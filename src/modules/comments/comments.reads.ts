import { defineReads, dim, read } from '../../core/shared/index.js';
import { threadJson } from './comments.present.js';
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
  /** A page of a thread as the API shows it (the same for everyone who may see the target). */
  threadJson: read({
    key: { lang: dim.language, type: dim.text, id: dim.id, after: dim.optional(dim.id), before: dim.optional(dim.id) },
    load: (ctx, k) => threadJson(ctx, k.lang, k.type, k.id, { after: k.after, before: k.before }),
  }),
});

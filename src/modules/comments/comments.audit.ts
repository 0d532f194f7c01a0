import type { AuditNamer } from '../../core/audit/sentences.js';
import { authorName, findUsersByIds } from '../accounts/index.js';
import { findComment } from './comments.queries.js';

/** Comments as the audit log names them: by their author (`authorName`: "deleted user" once gone). */
export const auditCommentNames: AuditNamer = async (ctx, keys, i18n) => {
  const ids = keys.filter((k) => /^[1-9]\d{0,9}$/.test(k)).map(Number);
  const comments = (await Promise.all(ids.map((id) => findComment(ctx.db, id)))).filter((c) => c !== null);
  const authors = await findUsersByIds(
    ctx.db,
    comments.flatMap((c) => (c.author_id === null ? [] : [c.author_id])),
  );
  return new Map(
    comments.map((c) => [
      String(c.id),
      i18n.t('comments.audit.commentBy', {
        name: authorName(c.author_id === null ? undefined : authors.get(c.author_id), i18n.t),
      }),
    ]),
  );
};

import type { Actor } from '../../core/auth/actor.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { mayModerate, partnershipReads, standingIn } from '../partnerships/index.js';
import { mayComment, mayRead } from './actions.policy.js';
import { actionPath } from './actions.present.js';
import { findActionById } from './actions.queries.js';

/**
 * An action as the comments module sees it (`commentables.action`), read fresh; `null` when it
 * does not exist or this actor may not see it (the one rule, `maySee`). Its partnership's members
 * and administrators comment (`mayComment`); visitors read the comments of public actions; the
 * partnership's moderators and coordinators moderate.
 */
export async function actionAsCommentTarget(
  ctx: ModuleContext,
  id: number,
  actor: Actor,
): Promise<CommentTarget | null> {
  const action = await findActionById(ctx.db, id);
  if (!action) return null;
  const standing = await standingIn(ctx, action.partnershipId, actor);
  if (!mayRead(standing, action)) return null;
  const slug = await partnershipReads.slugOf.get(ctx, { id: action.partnershipId });
  return {
    title: action.title,
    path: actionPath(slug, action.number),
    lang: action.originalLang,
    partnershipId: action.partnershipId,
    // An action has no author to tell of new comments (its leads are organisations).
    authorId: null,
    membersOnly: action.membersOnly,
    mayComment: mayComment(standing, action),
    mayModerate: mayModerate(standing),
  };
}

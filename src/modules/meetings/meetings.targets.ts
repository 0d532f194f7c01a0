import type { Actor } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { mayModerate, partnershipReads, standingIn } from '../partnerships/index.js';
import { meetingForRequest } from './meetings.lookup.js';
import { mayRead } from './meetings.policy.js';
import { meetingPath } from './meetings.present.js';

/**
 * A meeting as the comments module sees it (questions before, discussion after); `null` when it
 * does not exist or this actor may not see it. Whoever may see it and is signed in may comment;
 * its partnership's moderators and coordinators moderate.
 */
export async function meetingAsCommentTarget(
  ctx: ModuleContext,
  id: number,
  actor: Actor,
): Promise<CommentTarget | null> {
  const meeting = await meetingForRequest(ctx, actor, id);
  if (!meeting) return null;
  const standing = await standingIn(ctx, meeting.partnershipId, actor);
  if (!mayRead(standing, meeting)) return null;
  const slug = await partnershipReads.slugOf.get(ctx, { id: meeting.partnershipId });
  return {
    title: meeting.title,
    path: meetingPath(slug, meeting.number),
    lang: meeting.originalLang,
    partnershipId: meeting.partnershipId,
    authorId: meeting.createdBy,
    membersOnly: meeting.membersOnly,
    mayComment: isSignedIn(actor),
    mayModerate: mayModerate(standing),
  };
}

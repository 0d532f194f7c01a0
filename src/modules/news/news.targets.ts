import type { Actor } from '../../core/auth/actor.js';
import { isSignedIn } from '../../core/auth/actor.js';
import type { CommentTarget, ModuleContext } from '../../core/module.js';
import { mayModerate, partnershipReads, standingIn } from '../partnerships/index.js';
import { postForRequest } from './news.lookup.js';
import { mayRead } from './news.policy.js';
import { attachmentsByUploader, forgetAuthor, forgetUploader, postsByAuthor } from './news.queries.js';

/** A post as the comments module sees it; `null` when it does not exist or this actor may not see it. */
export async function postAsCommentTarget(ctx: ModuleContext, id: number, actor: Actor): Promise<CommentTarget | null> {
  const post = await postForRequest(ctx, actor, id);
  if (!post) return null;
  const standing = await standingIn(ctx, post.partnershipId, actor);
  if (!mayRead(standing, post)) return null;
  const slug = await partnershipReads.slugOf.get(ctx, { id: post.partnershipId });
  return {
    title: post.title,
    path: `/partnerships/${slug}/news/${post.slug}`,
    lang: post.originalLang,
    partnershipId: post.partnershipId,
    authorId: post.authorId,
    membersOnly: post.membersOnly,
    mayComment: isSignedIn(actor),
    mayModerate: mayModerate(standing),
  };
}

export async function exportPosts(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  return { posts: await postsByAuthor(ctx.db, userId), attachments: await attachmentsByUploader(ctx.db, userId) };
}

/** Posts and their attachments stay (they belong to the partnership), shown as by "deleted user". */
export async function erasePosts(ctx: ModuleContext, userId: number): Promise<void> {
  await forgetAuthor(ctx.db, userId);
  await forgetUploader(ctx.db, userId);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { tellFollowers } from '../follows/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagIdsOf } from '../tags/index.js';
import type { Post } from './news.queries.js';
import { postPath } from './views/parts.js';

/** The kind of note followers get when a post comes out (it takes `{subject}`). */
export const FOLLOWED_POST = 'news.notification.followedPost';

/**
 * A post published or scheduled (in the publishing transaction, `db`): the followers of its
 * partnership, its tags and its author are told when it comes out (`at`: now, or its time), each
 * once, never the one who published it nor its author, and only those who may see it then (a members-only post:
 * the partnership's members). A post that was out already tells nobody again; moved to another
 * time, the earlier job finds it not out yet and tells nobody.
 */
export async function tellPostOut(
  db: Kysely<Database>,
  post: Post,
  at: Date,
  actorId: number,
  now: Date,
): Promise<void> {
  const wasOut = post.status === 'published' && post.publishedAt !== null && new Date(post.publishedAt) <= now;
  if (wasOut) return;
  const slug = (await partnershipSlugsByIds(db, [post.partnershipId])).get(post.partnershipId);
  if (!slug) return;
  const tags = await tagIdsOf(db, 'post', post.id);
  await tellFollowers(
    { db },
    {
      kind: FOLLOWED_POST,
      about: { type: 'post', id: post.id },
      subject: post.title,
      path: postPath({ partnership: slug, slug: post.slug }),
      partnershipId: post.partnershipId,
      actorId,
      // The author is not told of their own post, whoever published it.
      skip: [post.authorId],
      targets: [
        { type: 'partnership', id: post.partnershipId },
        ...tags.map((id) => ({ type: 'tag' as const, id })),
        { type: 'person', id: post.authorId },
      ],
      at,
      once: `post:${post.id}:${at.toISOString()}`,
    },
  );
}

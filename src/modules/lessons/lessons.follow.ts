import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { tellFollowers } from '../follows/index.js';
import { tagIdsOf } from '../tags/index.js';
import { lessonPath, type Lesson } from './lessons.queries.js';

/** The kind of note followers get when a lesson is published (it takes `{subject}`). */
export const FOLLOWED_PUBLISHED = 'lessons.notification.followedPublished';

/**
 * A lesson published (in its transaction, `db`): the followers of its partnership, its tags and its
 * author are told, each once, never the coordinator who published it nor its author (who hears of
 * it with their own note), and only those who may see it.
 */
export async function tellPublished(db: Kysely<Database>, lesson: Lesson, actorId: number): Promise<void> {
  const tags = await tagIdsOf(db, 'lesson', lesson.id);
  await tellFollowers(
    { db },
    {
      kind: FOLLOWED_PUBLISHED,
      about: { type: 'lesson', id: lesson.id },
      subject: lesson.original.title,
      path: lessonPath(lesson.slug),
      partnershipId: lesson.partnershipId,
      actorId,
      skip: [lesson.authorId],
      targets: [
        { type: 'partnership', id: lesson.partnershipId },
        ...tags.map((id) => ({ type: 'tag' as const, id })),
        { type: 'person', id: lesson.authorId },
      ],
    },
  );
}

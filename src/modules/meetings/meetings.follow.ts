import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { tellFollowers } from '../follows/index.js';
import { tagIdsOf } from '../tags/index.js';
import { meetingPath } from './meetings.present.js';
import type { Meeting } from './meetings.queries.js';
import { MOVES, type MeetingInput } from './meetings.service.js';

/** The kinds of note followers get (each takes `{subject}`). */
export const FOLLOWED_PLANNED = 'meetings.notification.followedPlanned';
export const FOLLOWED_MOVED = 'meetings.notification.followedMoved';

/**
 * A meeting planned (in its transaction, `db`): the followers of its partnership, its tags and the
 * person who planned it are told, each once, never the planner, and only those who may see it.
 */
export async function tellPlanned(
  db: Kysely<Database>,
  partnership: { id: number; slug: string },
  meeting: { id: number; number: number; title: string },
  actorId: number,
): Promise<void> {
  const tags = await tagIdsOf(db, 'meeting', meeting.id);
  await tellFollowers(
    { db },
    {
      kind: FOLLOWED_PLANNED,
      about: { type: 'meeting', id: meeting.id },
      subject: meeting.title,
      path: meetingPath(partnership.slug, meeting.number),
      partnershipId: partnership.id,
      actorId,
      targets: [
        { type: 'partnership', id: partnership.id },
        ...tags.map((id) => ({ type: 'tag' as const, id })),
        { type: 'person', id: actorId },
      ],
    },
  );
}

/**
 * A planned meeting's time or place changed (in the saving transaction, `db`): its followers are
 * told, never the one who changed it. Nothing when neither moved.
 */
export async function tellMoved(
  db: Kysely<Database>,
  slug: string,
  before: Meeting,
  input: MeetingInput,
  actorId: number,
): Promise<void> {
  if (before.status !== 'scheduled' || !MOVES.some((k) => before[k] !== input[k])) return;
  await tellFollowers(
    { db },
    {
      kind: FOLLOWED_MOVED,
      about: { type: 'meeting', id: before.id },
      subject: input.title,
      path: meetingPath(slug, before.number),
      partnershipId: before.partnershipId,
      actorId,
      targets: [{ type: 'meeting', id: before.id }],
    },
  );
}

import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { followAsAuthor, tellFollowers } from '../follows/index.js';
import { tagIdsOf } from '../tags/index.js';
import type { Opportunity } from './funding.queries.js';

// The follows module's part of the register (besides funding's own following by mail,
// funding.follow.ts): authors follow what they add, and followers are told in the app.

/** The kinds of note followers get (each takes `{subject}`). */
export const FOLLOWED_ADDED = 'funding.notification.followedAdded';
export const FOLLOWED_DEADLINE = 'funding.notification.followedDeadline';

/**
 * An item added or changed (in its transaction, `db`): its author follows a new item; when an item
 * comes out (added published, or a suggestion accepted) the followers of its tags and of the person
 * who added it are told; when a published item's deadlines change, its followers are. Never the one
 * who did it; only those who may see it (`contentTypes.opportunity`, checked when told).
 */
export async function tellOpportunityFollowers(
  db: Kysely<Database>,
  before: Opportunity | null,
  after: Opportunity,
  userId: number | null,
): Promise<void> {
  if (before === null) await followAsAuthor(db, userId, { type: 'opportunity', id: after.id });
  if (after.state !== 'published') return;
  const event = {
    about: { type: 'opportunity', id: after.id },
    subject: after.title,
    path: `/funding/${after.id}`,
    partnershipId: null,
    actorId: userId,
  };
  if (before === null || before.state !== 'published') {
    const tags = await tagIdsOf(db, 'opportunity', after.id);
    await tellFollowers(
      { db },
      {
        ...event,
        kind: FOLLOWED_ADDED,
        targets: [
          ...tags.map((id) => ({ type: 'tag' as const, id })),
          { type: 'opportunity', id: after.id },
          { type: 'person', id: userId },
        ],
      },
    );
  } else if (JSON.stringify(before.deadlines) !== JSON.stringify(after.deadlines)) {
    await tellFollowers(
      { db },
      { ...event, kind: FOLLOWED_DEADLINE, targets: [{ type: 'opportunity', id: after.id }] },
    );
  }
}

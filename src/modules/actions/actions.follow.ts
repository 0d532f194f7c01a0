import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { followAsAuthor, tellFollowers } from '../follows/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagIdsOf } from '../tags/index.js';
import type { Action } from './actions.queries.js';
import { actionPath } from './actions.present.js';

/** The kind of note followers get when an action's status changes (it takes `{subject}`). */
export const FOLLOWED_STATUS = 'actions.notification.followedStatus';

/** Whoever adds an action follows it (in the creating transaction, `db`). */
export async function authorFollows(db: Kysely<Database>, userId: number | null, action: Action): Promise<void> {
  await followAsAuthor(db, userId, { type: 'action', id: action.id });
}

/**
 * An action's status changed (in the change's transaction, `db`): the followers of its partnership,
 * its tags, the action and the person who changed it are told, each once, never that person, and
 * only those who may see the action (a members-only one: its partnership's members).
 */
export async function tellStatusChange(
  db: Kysely<Database>,
  before: Action,
  after: Action,
  actorId: number | null,
): Promise<void> {
  if (after.status === before.status) return;
  const slug = (await partnershipSlugsByIds(db, [after.partnershipId])).get(after.partnershipId);
  if (!slug) return;
  const tags = await tagIdsOf(db, 'action', after.id);
  await tellFollowers(
    { db },
    {
      kind: FOLLOWED_STATUS,
      about: { type: 'action', id: after.id },
      subject: after.title,
      path: actionPath(slug, after.number),
      partnershipId: after.partnershipId,
      actorId,
      targets: [
        { type: 'partnership', id: after.partnershipId },
        ...tags.map((id) => ({ type: 'tag' as const, id })),
        { type: 'action', id: after.id },
        { type: 'person', id: actorId },
      ],
    },
  );
}

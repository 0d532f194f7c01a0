// Test support for the action tracker's tests: a person's confirmed affiliation (what makes a
// partnership's member one of an action's leads' people).
import type { Urbis } from '../../src/app.js';

/** Gives a person a confirmed affiliation with an organisation of the directory, by slug. */
export async function affiliate(urbis: Urbis, userId: number, slug: string): Promise<void> {
  const { db } = urbis.ctx;
  const org = await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  await db
    .insertInto('organisation_claims')
    .values({ user_id: userId, organisation_id: org.id, status: 'confirmed', created_at: new Date().toISOString() })
    .execute();
}

import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrator.js';

/**
 * One waiting join request per person and partnership: the duplicates that two requests sent at
 * the same moment could leave are removed (the oldest is kept, with its message), then a unique
 * index, partial on `status = 'pending'`, keeps it so (a refused person may ask again later).
 */
export const migration: Migration = {
  async up(db) {
    await sql`
      delete from partnership_join_requests
      where status = 'pending'
        and exists (
          select 1 from partnership_join_requests as older
          where older.partnership_id = partnership_join_requests.partnership_id
            and older.user_id = partnership_join_requests.user_id
            and older.status = 'pending'
            and older.id < partnership_join_requests.id
        )
    `.execute(db);
    await db.schema
      .createIndex('partnership_join_requests_one_pending')
      .on('partnership_join_requests')
      .columns(['partnership_id', 'user_id'])
      .unique()
      .where(sql<boolean>`status = 'pending'`)
      .execute();
  },
};

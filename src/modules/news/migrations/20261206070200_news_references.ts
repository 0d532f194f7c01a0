import { sql } from 'kysely';
import type { AnyDb, Dialect } from '../../../core/db/dialect.js';
import type { Migration } from '../../../core/db/migrator.js';

/** A post's page after `/{lang}`, from a row of `news_posts` joined to its partnership (as SQL). */
const postPath = sql`'/partnerships/' || s.slug || '/news/' || p.slug`;

async function hasTable(db: AnyDb, d: Dialect, table: string): Promise<boolean> {
  const { rows } =
    d.name === 'sqlite'
      ? await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`.execute(db)
      : await sql<{
          n: number;
        }>`select count(*) as n from pg_catalog.pg_class where oid = to_regclass(${table})`.execute(db);
  return Number(rows[0]?.n) > 0;
}

/**
 * What other modules kept of posts as text becomes a reference that news names at read time
 * (see `contentTypes.post`): the activity stream's "published" lines point at their post (their
 * title and link are dropped; lines of posts deleted before, which kept the title, go), and
 * notifications that link to a post, or into it, point at it.
 */
export const migration: Migration = {
  async up(db, d) {
    await sql`
      update partnership_activity set subject_id = (
        select p.id from news_posts p join partnerships s on s.id = p.partnership_id
        where ${postPath} = partnership_activity.path
      )
      where kind = 'newsPublished' and subject_type is null and path is not null`.execute(db);
    await sql`
      update partnership_activity set subject_type = 'post', subject = '', path = null
      where kind = 'newsPublished' and subject_type is null and subject_id is not null`.execute(db);
    await sql`delete from partnership_activity where kind = 'newsPublished' and subject_type is null`.execute(db);
    if (!(await hasTable(db, d, 'notifications'))) return;
    await sql`
      update notifications set subject_type = 'post', subject_id = (
        select p.id from news_posts p join partnerships s on s.id = p.partnership_id
        where notifications.path = ${postPath}
          or substr(notifications.path, 1, length(${postPath}) + 1) in (${postPath} || '#', ${postPath} || '?')
      )
      where subject_type is null`.execute(db);
    await sql`update notifications set subject_type = null where subject_id is null`.execute(db);
  },
};

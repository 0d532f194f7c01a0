import { sql, type Kysely, type SqlBool } from 'kysely';
import { nowIso, pointsAt, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience, ContentType } from '../../core/module.js';

type Db = Kysely<Database>;

/** A line of the activity stream about a piece of content: its type and id, named when the stream is read. */
export interface ActivitySubject {
  type: string;
  id: number;
}

/** A line of a partnership's activity stream, as it is written. */
export interface ActivityEntry {
  partnershipId: number;
  actorId: number | null;
  kind: string;
  subject?: string;
  path?: string | null;
  about?: ActivitySubject;
  membersOnly?: boolean;
  at?: string;
}

/**
 * Adds a line. A line about content (`about`) keeps no title and no link of its own (the
 * content's module names it when the stream is read); an earlier line of the same kind about
 * the same content (a post scheduled again) is replaced.
 */
export async function insertActivity(db: Db, entry: ActivityEntry): Promise<void> {
  if (entry.about) {
    await db
      .deleteFrom('partnership_activity')
      .where('partnership_id', '=', entry.partnershipId)
      .where('kind', '=', entry.kind)
      .where('subject_type', '=', entry.about.type)
      .where('subject_id', '=', entry.about.id)
      .execute();
  }
  await db
    .insertInto('partnership_activity')
    .values({
      partnership_id: entry.partnershipId,
      at: entry.at ?? nowIso(),
      actor_id: entry.actorId,
      kind: entry.kind,
      subject: entry.about ? '' : (entry.subject ?? ''),
      path: entry.about ? null : (entry.path ?? null),
      members_only: toFlag(entry.membersOnly ?? false),
      subject_type: entry.about?.type ?? null,
      subject_id: entry.about?.id ?? null,
    })
    .execute();
}

/**
 * Content that is deleted: the lines about it go (by reference, or, for lines older than
 * references, by their link), so that nothing of it, not even its title, is left in the stream.
 */
export async function forgetActivityAbout(db: Db, subject: { type: string; id: number; path: string }): Promise<void> {
  await db
    .deleteFrom('partnership_activity')
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', subject.type), eb('subject_id', '=', subject.id)]),
        eb.and([eb('subject_type', 'is', null), pointsAt('path', subject.path)]),
      ]),
    )
    .execute();
}

/**
 * The latest lines of a partnership's stream that `audience` may see at `now`, newest first (by
 * `at`, then id):
 * its own lines (members-only ones for members), and lines about content that the content's
 * type lets the audience see (`types`: every module's `contentTypes`). Lines about a type no
 * module declares any more are left out.
 */
export async function recentActivity(
  db: Db,
  partnershipId: number,
  audience: ContentAudience,
  types: ReadonlyMap<string, ContentType>,
  limit: number,
  now: Date,
) {
  const membersOnly = audience.membersOf === 'all' || audience.membersOf.includes(partnershipId);
  const rows = await db
    .selectFrom('partnership_activity')
    .select(['id', 'at', 'actor_id', 'kind', 'subject', 'path', 'subject_type', 'subject_id'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) => {
      const own = membersOnly
        ? eb('subject_type', 'is', null)
        : eb.and([eb('subject_type', 'is', null), eb('members_only', '=', toFlag(false) as never)]);
      const about = [...types].map(([type, content]) =>
        eb.and([eb('subject_type', '=', type), eb('subject_id', 'in', content.visibleIds(db, audience, now))]),
      );
      return eb.or([own, ...about, sql<SqlBool>`1 = 0`]);
    })
    // Newest first by when it happened (a line may be written later than its `at`: a post
    // published with an earlier date, demo data), ties by the order of writing.
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    kind: r.kind,
    subject: r.subject,
    path: r.path,
    about: r.subject_type !== null && r.subject_id !== null ? { type: r.subject_type, id: r.subject_id } : null,
  }));
}

/** A partnership's title in a language (the original where nobody translated it), and which language it is. */
export async function partnershipTitle(db: Db, partnershipId: number, lang: string) {
  const row = await db
    .selectFrom('partnerships as p')
    .leftJoin('partnership_translations as t', (join) =>
      join.onRef('t.partnership_id', '=', 'p.id').on('t.lang', '=', lang),
    )
    .select(['p.slug', 'p.title', 'p.original_lang', 't.title as translated'])
    .where('p.id', '=', partnershipId)
    .executeTakeFirst();
  if (!row) return null;
  return row.translated !== null
    ? { slug: row.slug, title: row.translated, lang }
    : { slug: row.slug, title: row.title, lang: row.original_lang };
}

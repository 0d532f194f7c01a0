import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { fromFlag, nowIso, pointsAt, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { TimeCursor } from '../../core/http/cursors.js';
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

type LineConditions = ExpressionBuilder<Database, 'partnership_activity'>;

/**
 * The one rule of which lines `audience` sees at `now`: a partnership's own lines (members-only ones
 * for its members: `membersOf`, or every partnership's with `'all'`), and lines about content that
 * the content's type lets the audience see (`types`: every module's `contentTypes`). Lines about a
 * type no module declares any more are left out.
 */
function visibleLines(
  eb: LineConditions,
  db: Db,
  membersOf: readonly number[] | 'all',
  audience: ContentAudience,
  types: ReadonlyMap<string, ContentType>,
  now: Date,
) {
  const publicOwn = eb.and([eb('subject_type', 'is', null), eb('members_only', '=', toFlag(false) as never)]);
  const own =
    membersOf === 'all'
      ? eb('subject_type', 'is', null)
      : membersOf.length === 0
        ? publicOwn
        : eb.or([publicOwn, eb.and([eb('subject_type', 'is', null), eb('partnership_id', 'in', [...membersOf])])]);
  const about = [...types].map(([type, content]) =>
    eb.and([eb('subject_type', '=', type), eb('subject_id', 'in', content.visibleIds(db, audience, now))]),
  );
  return eb.or([own, ...about, sql<SqlBool>`1 = 0`]);
}

/** A line as it is read, before it is named. */
export interface ActivityRow {
  id: number;
  partnershipId: number;
  at: string;
  actorId: number | null;
  kind: string;
  subject: string;
  path: string | null;
  about: ActivitySubject | null;
}

const LINE_COLUMNS = [
  'id',
  'partnership_id',
  'at',
  'actor_id',
  'kind',
  'subject',
  'path',
  'subject_type',
  'subject_id',
] as const;

function toRow(r: {
  id: number;
  partnership_id: number;
  at: string;
  actor_id: number | null;
  kind: string;
  subject: string;
  path: string | null;
  subject_type: string | null;
  subject_id: number | null;
}): ActivityRow {
  return {
    id: r.id,
    partnershipId: r.partnership_id,
    at: r.at,
    actorId: r.actor_id,
    kind: r.kind,
    subject: r.subject,
    path: r.path,
    about: r.subject_type !== null && r.subject_id !== null ? { type: r.subject_type, id: r.subject_id } : null,
  };
}

/**
 * The latest lines of a partnership's stream that `audience` may see at `now`, newest first (by
 * `at`, then id): its own lines (members-only ones for members), and lines about content that the
 * content's type lets the audience see.
 */
export async function recentActivity(
  db: Db,
  partnershipId: number,
  audience: ContentAudience,
  types: ReadonlyMap<string, ContentType>,
  limit: number,
  now: Date,
): Promise<ActivityRow[]> {
  const members = audience.membersOf === 'all' || audience.membersOf.includes(partnershipId);
  const rows = await db
    .selectFrom('partnership_activity')
    .select(LINE_COLUMNS)
    .where('partnership_id', '=', partnershipId)
    .where((eb) => visibleLines(eb, db, members ? 'all' : [], audience, types, now))
    // Newest first by when it happened (a line may be written later than its `at`: a post
    // published with an earlier date, demo data), ties by the order of writing.
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/**
 * Lines across every partnership that `audience` may see at `now`, newest first (by `at`, then id;
 * index `partnership_activity_across`), or only those a person did (`actorId`; index
 * `partnership_activity_by_actor`), older than `before` when given. The same rule as a
 * partnership's stream: its own lines for everyone, members-only ones for its members, lines
 * about content by the content's type.
 */
export async function activityAcross(
  db: Db,
  options: {
    audience: ContentAudience;
    types: ReadonlyMap<string, ContentType>;
    now: Date;
    limit: number;
    before?: TimeCursor | undefined;
    actorId?: number | undefined;
  },
): Promise<ActivityRow[]> {
  const { audience, types, now, before, actorId } = options;
  let query = db
    .selectFrom('partnership_activity')
    .select(LINE_COLUMNS)
    .where((eb) => visibleLines(eb, db, audience.membersOf, audience, types, now));
  if (actorId !== undefined) query = query.where('actor_id', '=', actorId);
  if (before) {
    const at = new Date(before.at).toISOString();
    query = query.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', before.id)])]));
  }
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toRow);
}

/**
 * Partnerships' addresses and titles in a language (the original where nobody translated one), and
 * which language each title is in, by id.
 */
export async function partnershipNames(
  db: Db,
  ids: readonly number[],
  lang: string,
): Promise<Map<number, { slug: string; title: string; lang: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('partnerships as p')
    .leftJoin('partnership_translations as t', (join) =>
      join.onRef('t.partnership_id', '=', 'p.id').on('t.lang', '=', lang),
    )
    .select(['p.id', 'p.slug', 'p.title', 'p.original_lang', 't.title as translated'])
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      r.translated !== null
        ? { slug: r.slug, title: r.translated, lang }
        : { slug: r.slug, title: r.title, lang: r.original_lang },
    ]),
  );
}

/**
 * Pages of these partnerships that the lines name (`pageUpdated`), by partnership and slug;
 * members-only ones where asked.
 */
export async function pagesNamed(
  db: Db,
  wanted: readonly { partnershipId: number; slug: string; members: boolean }[],
): Promise<Map<string, { title: string; lang: string }>> {
  const found = new Map<string, { title: string; lang: string }>();
  if (wanted.length === 0) return found;
  const rows = await db
    .selectFrom('partnership_pages')
    .select(['partnership_id', 'slug', 'title', 'lang', 'members_only'])
    .where('partnership_id', 'in', [...new Set(wanted.map((w) => w.partnershipId))])
    .where('slug', 'in', [...new Set(wanted.map((w) => w.slug))])
    .execute();
  for (const r of rows) {
    const asked = wanted.find((w) => w.partnershipId === r.partnership_id && w.slug === r.slug);
    if (asked && (asked.members || !fromFlag(r.members_only)))
      found.set(`${r.partnership_id}/${r.slug}`, { title: r.title, lang: r.lang });
  }
  return found;
}

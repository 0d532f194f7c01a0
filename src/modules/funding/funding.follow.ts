import type { Generated, Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { maySee, type FundingReader } from './funding.policy.js';
import { findOpportunity, findProgramme } from './funding.queries.js';

type Db = Kysely<Database>;

/** What one may follow: an item of the register, a programme, or a topic (a tag items carry). */
export const FOLLOW_TYPES = ['item', 'programme', 'topic'] as const;
export type FollowType = (typeof FOLLOW_TYPES)[number];

/** One thing a person follows. */
export interface FundingFollowTable {
  id: Generated<number>;
  user_id: number;
  target_type: FollowType;
  /** The opportunity's, the programme's or the tag's id. */
  target_id: number;
  created_at: string;
}

/** The mails sent about what people follow: a key per mail, written before it goes out. */
export interface FundingMailLogTable {
  key: string;
  user_id: number;
  sent_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    funding_follows: FundingFollowTable;
    funding_mail_log: FundingMailLogTable;
  }
}

/** A thing to follow as addresses name it: an item by its id, a programme or a topic by its slug. */
export interface FollowKey {
  type: FollowType;
  key: string;
}

/** A thing one may follow, found: its id, its name and its page (after `/{lang}`). */
export interface FollowTarget {
  type: FollowType;
  id: number;
  key: string;
  title: string;
  path: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The label of a tag in `locale`, else in English, else any, else its slug. */
async function tagLabel(db: Db, tagId: number, slug: string, locale: string): Promise<string> {
  const labels = await db.selectFrom('tag_labels').select(['lang', 'label']).where('tag_id', '=', tagId).execute();
  const pick = labels.find((l) => l.lang === locale) ?? labels.find((l) => l.lang === 'en') ?? labels[0];
  return pick?.label ?? slug;
}

/**
 * What `key` names, if `reader` may follow it: an item they may see (the register's one rule), a
 * programme, or a topic of the register (a tag that a published item carries: a tag only other
 * content uses, or only suggestions, is no topic here and is not named). Null: a 404.
 */
export async function findFollowTarget(
  db: Db,
  reader: FundingReader,
  { type, key }: FollowKey,
  locale: string,
): Promise<FollowTarget | null> {
  if (type === 'item') {
    if (!/^[1-9][0-9]{0,9}$/.test(key)) return null;
    const item = await findOpportunity(db, Number(key));
    if (!item || !maySee(reader, item)) return null;
    return { type, id: item.id, key: String(item.id), title: item.title, path: `/funding/${item.id}` };
  }
  if (!SLUG.test(key) || key.length > 100) return null;
  if (type === 'programme') {
    const programme = await findProgramme(db, { slug: key });
    if (!programme) return null;
    return { type, id: programme.id, key, title: programme.name, path: `/funding/programmes/${programme.slug}` };
  }
  if (type !== 'topic') return null;
  const tag = await db
    .selectFrom('tags')
    .select(['tags.id', 'tags.slug'])
    .where('tags.slug', '=', key)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('taggings')
          .innerJoin('funding_opportunities as o', 'o.id', 'taggings.subject_id')
          .select('taggings.id')
          .whereRef('taggings.tag_id', '=', 'tags.id')
          .where('taggings.subject_type', '=', 'opportunity')
          .where('o.state', '=', 'published'),
      ),
    )
    .executeTakeFirst();
  if (!tag) return null;
  return {
    type,
    id: tag.id,
    key: tag.slug,
    title: await tagLabel(db, tag.id, tag.slug, locale),
    path: `/funding?topic=${tag.slug}`,
  };
}

/** Follows a thing (once: following again changes nothing). Returns whether this call added it. */
export async function follow(db: Db, userId: number, target: Pick<FollowTarget, 'type' | 'id'>): Promise<boolean> {
  const inserted = await db
    .insertInto('funding_follows')
    .values({ user_id: userId, target_type: target.type, target_id: target.id, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'target_type', 'target_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Stops following a thing. Returns whether it was followed. */
export async function unfollow(db: Db, userId: number, target: Pick<FollowTarget, 'type' | 'id'>): Promise<boolean> {
  const result = await db
    .deleteFrom('funding_follows')
    .where('user_id', '=', userId)
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** When the person began to follow it, or null. */
export async function followedSince(
  db: Db,
  userId: number,
  target: Pick<FollowTarget, 'type' | 'id'>,
): Promise<string | null> {
  const row = await db
    .selectFrom('funding_follows')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .executeTakeFirst();
  return row ? new Date(row.created_at).toISOString() : null;
}

/** One thing a person follows, named in their language. */
export interface Followed extends FollowTarget {
  since: string;
}

/**
 * What a person follows, topics first, then programmes, then items, each by name. An item they
 * may no longer see (a suggestion rejected, say) is left out, as is a topic no published item
 * carries any more; the follow stays, and counts again when the thing does.
 */
export async function listFollowed(db: Db, reader: FundingReader, locale: string): Promise<Followed[]> {
  if (reader.userId === null) return [];
  const rows = await db
    .selectFrom('funding_follows')
    .selectAll()
    .where('user_id', '=', reader.userId)
    .orderBy('id')
    .execute();
  const out: Followed[] = [];
  for (const row of rows) {
    const key = await keyOf(db, row.target_type, row.target_id);
    const target = key === null ? null : await findFollowTarget(db, reader, { type: row.target_type, key }, locale);
    if (target) out.push({ ...target, since: new Date(row.created_at).toISOString() });
  }
  const order: Record<FollowType, number> = { topic: 0, programme: 1, item: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || a.title.localeCompare(b.title, locale));
}

/** The address key of a followed thing by its id (a slug for programmes and topics). */
async function keyOf(db: Db, type: FollowType, id: number): Promise<string | null> {
  if (type === 'item') return String(id);
  const row =
    type === 'programme'
      ? await db.selectFrom('funding_programmes').select('slug').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('tags').select('slug').where('id', '=', id).executeTakeFirst();
  return row?.slug ?? null;
}

/** Why a person hears of an item: they follow it, its programme, or some of its topics. */
export interface FollowReasons {
  item: boolean;
  programme: boolean;
  /** The tag ids of its topics they follow. */
  topics: number[];
}

/** The tag ids of an item's topics. */
export async function topicIdsOf(db: Db, opportunityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('taggings')
    .select('tag_id')
    .where('subject_type', '=', 'opportunity')
    .where('subject_id', '=', opportunityId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.tag_id);
}

/**
 * Who follows an item, its programme or one of its topics (`scope` 'item': the item alone), each
 * with why, in the order of their ids.
 */
export async function followersOf(
  db: Db,
  item: { id: number; programme: { id: number } | null },
  scope: 'item' | 'all',
): Promise<Map<number, FollowReasons>> {
  const topics = scope === 'all' ? await topicIdsOf(db, item.id) : [];
  const rows = await db
    .selectFrom('funding_follows')
    .select(['user_id', 'target_type', 'target_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('target_type', '=', 'item'), eb('target_id', '=', item.id)]),
        ...(scope === 'all' && item.programme
          ? [eb.and([eb('target_type', '=', 'programme'), eb('target_id', '=', item.programme.id)])]
          : []),
        ...(topics.length ? [eb.and([eb('target_type', '=', 'topic'), eb('target_id', 'in', topics)])] : []),
      ]),
    )
    .orderBy('user_id')
    .orderBy('id')
    .execute();
  const out = new Map<number, FollowReasons>();
  for (const row of rows) {
    const reasons = out.get(row.user_id) ?? { item: false, programme: false, topics: [] };
    if (row.target_type === 'item') reasons.item = true;
    else if (row.target_type === 'programme') reasons.programme = true;
    else reasons.topics.push(row.target_id);
    out.set(row.user_id, reasons);
  }
  return out;
}

/** What following keeps about a person, for "download my data": what they follow, since when. */
export async function exportFollowData(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .selectFrom('funding_follows')
    .select(['target_type', 'target_id', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const follows = [];
  for (const row of rows)
    follows.push({
      type: row.target_type,
      key: await keyOf(ctx.db, row.target_type, row.target_id),
      since: new Date(row.created_at).toISOString(),
    });
  return { follows };
}

/** Deleting an account forgets what the person followed and the mails sent to them about it. */
export async function eraseFollowData(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('funding_follows').where('user_id', '=', userId).execute();
  await ctx.db.deleteFrom('funding_mail_log').where('user_id', '=', userId).execute();
}

/**
 * What a follow button shows a reader (`FollowButton`'s `following`): null for a visitor (asked to
 * sign in), else whether they follow the thing. Read fresh, per request.
 */
export async function followStateOf(
  db: Db,
  userId: number | null,
  target: Pick<FollowTarget, 'type' | 'id'>,
): Promise<boolean | null> {
  return userId === null ? null : (await followedSince(db, userId, target)) !== null;
}

/** What one may choose to follow on the page of what one follows: the register's topics and programmes. */
export interface FollowChoices {
  topics: { key: string; title: string }[];
  programmes: { key: string; title: string }[];
}

/** The topics published items carry (named in `locale` where they can be) and the programmes, by name. */
export async function followChoices(db: Db, locale: string): Promise<FollowChoices> {
  const tags = await db
    .selectFrom('tags')
    .select(['tags.id', 'tags.slug'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('taggings')
          .innerJoin('funding_opportunities as o', 'o.id', 'taggings.subject_id')
          .select('taggings.id')
          .whereRef('taggings.tag_id', '=', 'tags.id')
          .where('taggings.subject_type', '=', 'opportunity')
          .where('o.state', '=', 'published'),
      ),
    )
    .execute();
  const labels = tags.length
    ? await db
        .selectFrom('tag_labels')
        .select(['tag_id', 'lang', 'label'])
        .where(
          'tag_id',
          'in',
          tags.map((t) => t.id),
        )
        .execute()
    : [];
  const topics = tags.map((tag) => {
    const own = labels.filter((l) => l.tag_id === tag.id);
    const label = own.find((l) => l.lang === locale) ?? own.find((l) => l.lang === 'en') ?? own[0];
    return { key: tag.slug, title: label?.label ?? tag.slug };
  });
  const programmes = await db.selectFrom('funding_programmes').select(['slug', 'name']).orderBy('name').execute();
  return {
    topics: topics.sort((a, b) => a.title.localeCompare(b.title, locale)),
    programmes: programmes.map((p) => ({ key: p.slug, title: p.name })),
  };
}

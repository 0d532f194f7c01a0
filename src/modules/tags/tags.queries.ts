import type { TimeCursor } from '../../core/http/cursors.js';
import { cleanLine } from '../../core/http/validation.js';
import { createHash } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { nowIso, toFlag } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { VISITORS, type ContentType } from '../../core/module.js';
import { LABEL_MAX } from './tags.schema.js';

type Db = Kysely<Database>;

export interface TagView {
  slug: string;
  label: string;
  lang: string;
}

/** A readable slug from a label: `Digital Cities Challenge` → `digital-cities-challenge`. */
export function slugify(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || `tag-${createHash('sha256').update(label).digest('hex').slice(0, 10)}`;
}

/** A label as stored: one line without invisible characters (`cleanLine`), trimmed, not too long. */
export const cleanLabel = (label: string): string => cleanLine(label).replace(/\s+/g, ' ').trim().slice(0, LABEL_MAX);

/**
 * The ids of tags with these labels in `lang`, creating the missing ones on the fly: first by
 * the label in that language, then by slug (adding the label in that language), else new.
 */
export async function ensureTags(db: Db, labels: string[], lang: string): Promise<number[]> {
  const ids: number[] = [];
  for (const raw of labels) {
    const label = cleanLabel(raw);
    if (!label) continue;
    const byLabel = await db
      .selectFrom('tag_labels')
      .select('tag_id')
      .where('lang', '=', lang)
      .where((eb) => eb(eb.fn('lower', ['label']), '=', label.toLowerCase()))
      .executeTakeFirst();
    let id = byLabel?.tag_id;
    if (id === undefined) {
      const slug = slugify(label);
      const bySlug = await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst();
      if (bySlug) {
        id = bySlug.id;
        await db
          .insertInto('tag_labels')
          .values({ tag_id: id, lang, label })
          .onConflict((oc) => oc.columns(['tag_id', 'lang']).doNothing())
          .execute();
      } else {
        const inserted = await db
          .insertInto('tags')
          .values({ slug, created_at: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = inserted.id;
        await db.insertInto('tag_labels').values({ tag_id: id, lang, label }).execute();
      }
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Sets (or replaces) a tag's label in one language; an empty label removes it. */
export async function setTagLabel(db: Db, tagId: number, lang: string, label: string): Promise<void> {
  const clean = cleanLabel(label);
  await db.deleteFrom('tag_labels').where('tag_id', '=', tagId).where('lang', '=', lang).execute();
  if (clean) await db.insertInto('tag_labels').values({ tag_id: tagId, lang, label: clean }).execute();
}

/**
 * Replaces the tags of one piece of content, with what tag pages need to know about it.
 * Without `tagIds`, keeps its tags and only updates its publication time and visibility.
 */
export async function setTaggings(
  db: Db,
  subject: {
    type: string;
    id: number;
    tagIds?: number[];
    publishedAt: string | null;
    isPublic: boolean;
    partnershipId: number | null;
  },
): Promise<void> {
  if (subject.tagIds === undefined) {
    await db
      .updateTable('taggings')
      .set({
        published_at: subject.publishedAt ?? '9999-12-31T00:00:00.000Z',
        is_public: toFlag(subject.isPublic && subject.publishedAt !== null),
        partnership_id: subject.partnershipId,
      })
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .execute();
    return;
  }
  await db
    .deleteFrom('taggings')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
  const unique = [...new Set(subject.tagIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('taggings')
    .values(
      unique.map((tagId, position) => ({
        tag_id: tagId,
        subject_type: subject.type,
        subject_id: subject.id,
        partnership_id: subject.partnershipId,
        // A draft has no publication time: it sorts far in the future and is not public.
        published_at: subject.publishedAt ?? '9999-12-31T00:00:00.000Z',
        is_public: toFlag(subject.isPublic && subject.publishedAt !== null),
        position,
      })),
    )
    .execute();
}

/** The best label for a reader: their language, else English, else any (with its language). */
function pick(labels: { lang: string; label: string }[], locale: string): { lang: string; label: string } | undefined {
  return labels.find((l) => l.lang === locale) ?? labels.find((l) => l.lang === 'en') ?? labels[0];
}

async function labelsByTag(db: Db, tagIds: number[]): Promise<Map<number, { lang: string; label: string }[]>> {
  const map = new Map<number, { lang: string; label: string }[]>();
  if (tagIds.length === 0) return map;
  const rows = await db
    .selectFrom('tag_labels')
    .select(['tag_id', 'lang', 'label'])
    .where('tag_id', 'in', tagIds)
    .orderBy('lang')
    .execute();
  for (const row of rows) {
    const list = map.get(row.tag_id) ?? [];
    list.push({ lang: row.lang, label: row.label });
    map.set(row.tag_id, list);
  }
  return map;
}

/** The tags of several pieces of content of one type, in the reader's language where a label exists. */
export async function tagsOf(db: Db, type: string, ids: number[], locale: string): Promise<Map<number, TagView[]>> {
  const result = new Map<number, TagView[]>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .select(['taggings.subject_id', 'taggings.tag_id', 'tags.slug'])
    .where('taggings.subject_type', '=', type)
    .where('taggings.subject_id', 'in', ids)
    .orderBy('taggings.subject_id')
    .orderBy('taggings.position')
    .execute();
  const labels = await labelsByTag(db, [...new Set(rows.map((r) => r.tag_id))]);
  for (const row of rows) {
    const label = pick(labels.get(row.tag_id) ?? [], locale);
    const list = result.get(row.subject_id) ?? [];
    list.push({ slug: row.slug, label: label?.label ?? row.slug, lang: label?.lang ?? 'en' });
    result.set(row.subject_id, list);
  }
  return result;
}

export async function findTag(
  db: Db,
  slug: string,
  locale: string,
): Promise<(TagView & { id: number; labels: { lang: string; label: string }[] }) | null> {
  const tag = await db.selectFrom('tags').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (!tag) return null;
  const labels = (await labelsByTag(db, [tag.id])).get(tag.id) ?? [];
  const label = pick(labels, locale);
  return { id: tag.id, slug: tag.slug, label: label?.label ?? tag.slug, lang: label?.lang ?? 'en', labels };
}

/**
 * Taggings of content that everyone may see at `now`, by each content type's own visibility
 * rule (`types`: every module's `contentTypes`; a type no module declares is seen by nobody).
 * Tag lists, tag pages and feeds are public: what a visitor sees is what they list.
 */
export function shownTaggings(db: Db, types: ReadonlyMap<string, ContentType>, now: Date) {
  return (eb: ExpressionBuilder<Database, 'taggings'>): Expression<SqlBool> =>
    eb.or([
      ...[...types].map(([type, content]) =>
        eb.and([
          eb('taggings.subject_type', '=', type),
          eb('taggings.subject_id', 'in', content.visibleIds(db, VISITORS, now)),
        ]),
      ),
      sql<SqlBool>`1 = 0`,
    ]);
}

/** Whether anything everyone may see at `now` is tagged with this tag (else its tag page is not there). */
export async function tagIsShown(
  db: Db,
  types: ReadonlyMap<string, ContentType>,
  tagId: number,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('taggings')
    .select('taggings.id')
    .where('taggings.tag_id', '=', tagId)
    .where(shownTaggings(db, types, now))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Tags by id as their pages name them (label in `locale`, else English, else any), for following:
 * only those with a tag page (something everyone may see at `now` is tagged with them).
 */
export async function describeTags(
  db: Db,
  types: ReadonlyMap<string, ContentType>,
  ids: readonly number[],
  locale: string,
  now: Date,
): Promise<Map<number, { title: string; path: string; lang: string }>> {
  const out = new Map<number, { title: string; path: string; lang: string }>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'slug'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  const labels = await labelsByTag(
    db,
    rows.map((r) => r.id),
  );
  for (const row of rows) {
    if (!(await tagIsShown(db, types, row.id, now))) continue;
    const label = pick(labels.get(row.id) ?? [], locale);
    out.set(row.id, { title: label?.label ?? row.slug, path: `/tags/${row.slug}`, lang: label?.lang ?? 'en' });
  }
  return out;
}

/** A tag's id by its slug (one indexed query), or null. */
export async function tagIdBySlug(db: Db, slug: string): Promise<number | null> {
  const row = await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id ?? null;
}

/** The ids of the tags of one item, in their order (for the followers of its tags). */
export async function tagIdsOf(db: Db, type: string, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('taggings')
    .select('tag_id')
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.tag_id);
}

/**
 * Tags in slug order, one page at a time (keyset on the slug): those that something everyone
 * may see at `now` is tagged with (a tag only drafts, scheduled, members-only or deleted
 * content used is not listed, and its label is named nowhere public).
 */
export async function listTags(
  db: Db,
  types: ReadonlyMap<string, ContentType>,
  locale: string,
  limit: number,
  after: string | undefined,
  now: Date,
): Promise<{ items: TagView[]; next: string | null }> {
  let query = db
    .selectFrom('tags')
    .select(['tags.id', 'tags.slug'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('taggings')
          .select('taggings.id')
          .whereRef('taggings.tag_id', '=', 'tags.id')
          .where(shownTaggings(db, types, now) as never),
      ),
    )
    .orderBy('tags.slug')
    .limit(limit + 1);
  if (after) query = query.where('tags.slug', '>', after);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const labels = await labelsByTag(
    db,
    page.map((r) => r.id),
  );
  const items = page.map((row) => {
    const label = pick(labels.get(row.id) ?? [], locale);
    return { slug: row.slug, label: label?.label ?? row.slug, lang: label?.lang ?? 'en' };
  });
  return { items, next: rows.length > limit ? (page.at(-1)?.slug ?? null) : null };
}

/** Where a page of a tag's items newest first ends: the last item's time and id. */
export type TaggingCursor = TimeCursor;

/**
 * What is tagged with a tag and everyone may see at `now`, newest first (keyset on time and
 * id). `is_public` and `published_at`, kept on each tagging by `setTaggings`, pick and order
 * the candidates on the index; the content's own rule (`shownTaggings`) decides.
 */
export async function listTagged(
  db: Db,
  types: ReadonlyMap<string, ContentType>,
  tagId: number,
  now: Date,
  limit: number,
  after?: TaggingCursor,
) {
  let query = db
    .selectFrom('taggings')
    .select(['id', 'subject_type', 'subject_id', 'published_at'])
    .where('tag_id', '=', tagId)
    .where('is_public', '=', toFlag(true) as never)
    .where('published_at', '<=', now.toISOString())
    .where(shownTaggings(db, types, now))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    const at = new Date(after.at).toISOString();
    query = query.where((eb) =>
      eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      type: r.subject_type,
      id: r.subject_id,
      publishedAt: new Date(r.published_at).toISOString(),
    })),
    next: rows.length > limit && last ? { at: Date.parse(last.published_at), id: last.id } : null,
  };
}

/** Moves every tagging of `fromId` to `intoId` (keeping one where content had both), then deletes `fromId`. */
export async function mergeTagInto(db: Db, fromId: number, intoId: number): Promise<number> {
  const both = await db
    .selectFrom('taggings')
    .select(['subject_type', 'subject_id'])
    .where('tag_id', '=', intoId)
    .execute();
  for (const s of both) {
    await db
      .deleteFrom('taggings')
      .where('tag_id', '=', fromId)
      .where('subject_type', '=', s.subject_type)
      .where('subject_id', '=', s.subject_id)
      .execute();
  }
  const moved = await db
    .updateTable('taggings')
    .set({ tag_id: intoId })
    .where('tag_id', '=', fromId)
    .executeTakeFirst();
  await db.deleteFrom('tag_labels').where('tag_id', '=', fromId).execute();
  await db.deleteFrom('tags').where('id', '=', fromId).execute();
  return Number(moved.numUpdatedRows);
}

/** Forgets a deleted piece of content's tags (the tags themselves stay). */
export async function removeTaggings(db: Db, subject: { type: string; id: number }): Promise<void> {
  await db
    .deleteFrom('taggings')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
}

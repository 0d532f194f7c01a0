import type { Kysely, Selectable } from 'kysely';
import type { TimeCursor } from '../../core/http/cursors.js';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';
import type { PlaybookState, PlaybookTable } from './playbooks.tables.js';
import { visiblePlaybooks } from './playbooks.visibility.js';

type Db = Kysely<Database>;

/** A playbook's page, after `/{lang}`. */
export const playbookPath = (slug: string): string => `/playbooks/${slug}`;

/** The texts of a playbook in one language: its own, or a translation. Steps one per line. */
export interface PlaybookTexts {
  lang: string;
  title: string;
  target: string;
  introduction: string;
  steps: string;
}

export interface Playbook {
  id: number;
  slug: string;
  partnershipId: number;
  authorId: number | null;
  state: PlaybookState;
  original: PlaybookTexts;
  /** What a reader of `locale` is shown: the translation into it if there is one, else the original. */
  shown: PlaybookTexts;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  sortAt: string;
}

/** The steps of a text, one per line (blank lines and the spaces around each left out). */
export const stepsOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const textsOf = (row: Omit<PlaybookTexts, 'lang'> & { lang: string }): PlaybookTexts => ({
  lang: row.lang,
  title: row.title,
  target: row.target,
  introduction: row.introduction,
  steps: row.steps,
});

function toPlaybook(row: Selectable<PlaybookTable>, translation?: PlaybookTexts): Playbook {
  const original = textsOf({ ...row, lang: row.original_lang });
  return {
    id: row.id,
    slug: row.slug,
    partnershipId: row.partnership_id,
    authorId: row.author_id,
    state: row.state,
    original,
    shown: translation ?? original,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    sortAt: row.sort_at,
  };
}

async function withTranslations(db: Db, rows: Selectable<PlaybookTable>[], locale: string): Promise<Playbook[]> {
  const ids = rows.filter((r) => r.original_lang !== locale).map((r) => r.id);
  const translated =
    ids.length === 0
      ? []
      : await db
          .selectFrom('playbook_translations')
          .selectAll()
          .where('playbook_id', 'in', ids)
          .where('lang', '=', locale)
          .execute();
  const byId = new Map(translated.map((r) => [r.playbook_id, textsOf(r)]));
  return rows.map((r) => toPlaybook(r, byId.get(r.id)));
}

/** A playbook by its slug, read fresh (whether it exists and its state decide who sees it). */
export async function findPlaybookBySlug(db: Db, slug: string, locale: string): Promise<Playbook | null> {
  const row = await db.selectFrom('playbooks').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? ((await withTranslations(db, [row], locale))[0] ?? null) : null;
}

export async function findPlaybookById(db: Db, id: number, locale: string): Promise<Playbook | null> {
  const row = await db.selectFrom('playbooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await withTranslations(db, [row], locale))[0] ?? null) : null;
}

export async function findPlaybooksByIds(db: Db, ids: readonly number[], locale: string): Promise<Playbook[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('playbooks')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return withTranslations(db, rows, locale);
}

/** Every translation of a playbook, by language. */
export async function translationsOf(db: Db, playbookId: number): Promise<PlaybookTexts[]> {
  const rows = await db
    .selectFrom('playbook_translations')
    .selectAll()
    .where('playbook_id', '=', playbookId)
    .orderBy('lang')
    .execute();
  return rows.map(textsOf);
}

/** The lessons of a playbook (its chapters), by id, in order. */
export async function lessonIdsOf(db: Db, playbookId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('playbook_lessons')
    .select('lesson_id')
    .where('playbook_id', '=', playbookId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.lesson_id);
}

/**
 * A page of the playbooks the audience may see (`visiblePlaybooks`), newest first; keyset-paginated
 * by (`sort_at`, `id`).
 */
export async function listPlaybooks(
  db: Db,
  options: { audience: ContentAudience; locale: string; after?: TimeCursor; limit: number },
): Promise<{ items: Playbook[]; next: TimeCursor | null }> {
  const { after, limit } = options;
  let query = db.selectFrom('playbooks').selectAll().where(visiblePlaybooks(options.audience));
  if (after) {
    const at = new Date(after.at).toISOString();
    query = query.where((eb) =>
      eb.or([eb('sort_at', '<', at), eb.and([eb('sort_at', '=', at), eb('id', '<', after.id)])]),
    );
  }
  const rows = await query
    .orderBy('sort_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withTranslations(db, page, options.locale),
    next: rows.length > limit && last ? { at: Date.parse(last.sort_at), id: last.id } : null,
  };
}

/** Slugs already taken that start with this one (to find a free one). */
export async function slugsLike(db: Db, slug: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('playbooks')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', 'like', `${slug}-%`)]))
    .execute();
  return new Set(rows.map((r) => r.slug));
}

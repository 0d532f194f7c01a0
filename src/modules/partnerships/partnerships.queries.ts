import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import { nowIso } from '../../core/db/dialect.js';
import { markForIndex } from '../../core/search/search-index.js';
import type { PartnershipDetail, PartnershipSummary } from './partnerships.schema.js';

/** Columns of a partnership in `lang`, falling back to the original text. */
function inLanguage(db: Kysely<Database>, lang: string) {
  return db
    .selectFrom('partnerships as p')
    .leftJoin('partnership_translations as tr', (join) =>
      join.onRef('tr.partnership_id', '=', 'p.id').on('tr.lang', '=', lang),
    )
    .select((eb) => [
      'p.id',
      'p.slug',
      'p.launched_year',
      'p.original_lang',
      'p.logo_sha256',
      eb.fn.coalesce('tr.title', 'p.title').as('title'),
      eb.fn.coalesce('tr.summary', 'p.summary').as('summary'),
      eb.fn.coalesce('tr.lang', 'p.original_lang').as('lang'),
    ]);
}

export interface Cursor {
  year: number;
  id: number;
}

/** One page of partnerships, oldest wave first; keyset by (launched_year, id). */
export async function listPartnerships(db: Kysely<Database>, lang: string, limit: number, after?: Cursor) {
  let query = inLanguage(db, lang);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('p.launched_year', '>', after.year),
        eb.and([eb('p.launched_year', '=', after.year), eb('p.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('p.launched_year')
    .orderBy('p.id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toSummary),
    next: rows.length > limit && last ? { year: last.launched_year, id: last.id } : null,
  };
}

export async function findPartnership(
  db: Kysely<Database>,
  lang: string,
  slug: string,
): Promise<PartnershipDetail | null> {
  return (await findPartnershipWithId(db, lang, slug))?.partnership ?? null;
}

/** A partnership as the reader sees it, with its id for the queries that follow (one lookup, not two). */
export async function findPartnershipWithId(
  db: Kysely<Database>,
  lang: string,
  slug: string,
): Promise<{ id: number; partnership: PartnershipDetail } | null> {
  const row = await inLanguage(db, lang).where('p.slug', '=', slug).executeTakeFirst();
  if (!row) return null;
  const translations = await db
    .selectFrom('partnership_translations')
    .select('lang')
    .where('partnership_id', '=', row.id)
    .orderBy('lang')
    .execute();
  const partnership = {
    ...toSummary(row),
    originalLang: row.original_lang,
    languages: [row.original_lang, ...translations.map((t) => t.lang).filter((l) => l !== row.original_lang)],
  };
  return { id: row.id, partnership };
}

/** Partnerships' addresses and titles in a language (as `findPartnershipWithId` names them), by id, in one read. */
export async function partnershipTitlesByIds(
  db: Kysely<Database>,
  lang: string,
  ids: readonly number[],
): Promise<Map<number, { slug: string; title: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await inLanguage(db, lang)
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { slug: r.slug, title: r.title }]));
}

/** Partnerships by id, named in `lang` where translated (else their original), for following. */
export async function describePartnerships(
  db: Kysely<Database>,
  lang: string,
  ids: readonly number[],
): Promise<Map<number, { title: string; path: string; lang: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await inLanguage(db, lang)
    .where('p.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, path: `/partnerships/${r.slug}`, lang: r.lang }]));
}

export async function countPartnerships(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('partnerships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewPartnership {
  slug: string;
  originalLang: string;
  title: string;
  summary: string;
  launchedYear: number;
  translations: { lang: string; title: string; summary: string }[];
}

export async function insertPartnership(db: Kysely<Database>, input: NewPartnership): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('partnerships')
      .values({
        slug: input.slug,
        original_lang: input.originalLang,
        title: input.title,
        summary: input.summary,
        launched_year: input.launchedYear,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.translations.length > 0) {
      await trx
        .insertInto('partnership_translations')
        .values(
          input.translations.map((t) => ({ partnership_id: id, lang: t.lang, title: t.title, summary: t.summary })),
        )
        .execute();
    }
    // Found by search (partnerships.search.ts).
    await markForIndex(trx, 'partnership', [id]);
    return id;
  });
}

/**
 * Where a partnership's logo is read: the API's address, with the first characters of its SHA-256
 * as its version (a new logo is a new address, so the old one may be kept by caches for long).
 */
export const logoAddress = (slug: string, sha256: string | null): string | null =>
  sha256 ? `/api/v1/partnerships/${slug}/logo?v=${sha256.slice(0, 16)}` : null;

function toSummary(row: {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  launched_year: number;
  logo_sha256: string | null;
}): PartnershipSummary {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    lang: row.lang,
    launchedYear: row.launched_year,
    logo: logoAddress(row.slug, row.logo_sha256),
  };
}

/** Partnerships' titles in `lang` (else their original), by id or by slug: how the audit log names them. */
export async function partnershipTitles(
  db: Kysely<Database>,
  lang: string,
  ids: readonly number[],
  slugs: readonly string[],
): Promise<{ id: number; slug: string; title: string }[]> {
  if (ids.length === 0 && slugs.length === 0) return [];
  return inLanguage(db, lang)
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('p.id', 'in', [...ids])] : []),
        ...(slugs.length ? [eb('p.slug', 'in', [...slugs])] : []),
      ]),
    )
    .execute();
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ExportFailure, PlaybookExportTable } from './playbooks.tables.js';

type Db = Kysely<Database>;

export type ExportRow = Selectable<PlaybookExportTable>;

/** A file of a ready export, as kept in the file store. */
export interface KeptFile {
  key: string;
  size: number;
  sha256: string;
}

export async function findExport(db: Db, id: number): Promise<ExportRow | null> {
  return (await db.selectFrom('playbook_exports').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** A person's exports of a playbook, newest first (they are kept for a month: a short list). */
export async function exportsOf(db: Db, requesterId: number, playbookId: number): Promise<ExportRow[]> {
  return db
    .selectFrom('playbook_exports')
    .selectAll()
    .where('requester_id', '=', requesterId)
    .where('playbook_id', '=', playbookId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

/** How many exports a person asked for since `since` (the hourly limit). */
export async function countSince(db: Db, requesterId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('playbook_exports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('requester_id', '=', requesterId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertExport(db: Db, values: Insertable<PlaybookExportTable>): Promise<number> {
  const { id } = await db.insertInto('playbook_exports').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * Takes an export to build (from waiting, or again after a failure or a runner that died): false when it
 * is gone or ready.
 */
export async function startBuilding(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('playbook_exports')
    .set({ state: 'building', progress: 0, failure: null, updated_at: nowIso() })
    .where('id', '=', id)
    .where('state', 'in', ['waiting', 'building', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setProgress(db: Db, id: number, progress: number): Promise<void> {
  await db
    .updateTable('playbook_exports')
    .set({ progress, updated_at: nowIso() })
    .where('id', '=', id)
    .where('state', '=', 'building')
    .execute();
}

/** Marks a build done with its two files: false when the export is no longer being built (gone meanwhile). */
export async function markReady(db: Db, id: number, site: KeptFile, pdf: KeptFile): Promise<boolean> {
  const result = await db
    .updateTable('playbook_exports')
    .set({
      state: 'ready',
      progress: 100,
      failure: null,
      site_key: site.key,
      site_size: site.size,
      site_sha256: site.sha256,
      pdf_key: pdf.key,
      pdf_size: pdf.size,
      pdf_sha256: pdf.sha256,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('state', '=', 'building')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markFailed(db: Db, id: number, failure: ExportFailure): Promise<void> {
  await db
    .updateTable('playbook_exports')
    .set({ state: 'failed', failure, updated_at: nowIso() })
    .where('id', '=', id)
    .where('state', '=', 'building')
    .execute();
}

/** The files an export keeps in the store (its logo, and its site and PDF once built). */
export const keysOf = (row: Pick<ExportRow, 'logo_key' | 'site_key' | 'pdf_key'>): string[] =>
  [row.logo_key, row.site_key, row.pdf_key].filter((k): k is string => k !== null);

/**
 * Deletes the exports chosen by `where` (expired ones, a person's) in one statement, and answers how
 * many and the keys of their files, for the caller to remove from the store once the rows are gone.
 */
export async function deleteExports(
  db: Db,
  where: { expiredBy: string } | { requesterId: number },
): Promise<{ count: number; keys: string[] }> {
  const rows = await db
    .deleteFrom('playbook_exports')
    .where((eb) =>
      'expiredBy' in where ? eb('expires_at', '<=', where.expiredBy) : eb('requester_id', '=', where.requesterId),
    )
    .returning(['logo_key', 'site_key', 'pdf_key'])
    .execute();
  return { count: rows.length, keys: rows.flatMap(keysOf) };
}

import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from '../core/db/connect.js';
import type { Database } from '../core/db/types.js';

/**
 * The columns the synthetic data set writes, per table, in an order that satisfies the
 * foreign keys (buffered rows are written table by table in this order).
 */
export const TABLES = {
  users: [
    'id',
    'handle',
    'email',
    'display_name',
    'password_hash',
    'is_admin',
    'locale',
    'created_at',
    'email_confirmed_at',
    'terms_version',
    'terms_accepted_at',
    'deleted_at',
  ],
  people_profiles: ['user_id', 'bio', 'languages', 'updated_at'],
  people_affiliations: ['user_id', 'organisation_id', 'role_title', 'position'],
  partnerships: ['id', 'slug', 'original_lang', 'title', 'summary', 'launched_year', 'created_at'],
  partnership_people: ['partnership_id', 'user_id', 'role', 'joined_at'],
  tags: ['id', 'slug', 'created_at'],
  tag_labels: ['tag_id', 'lang', 'label'],
  news_posts: [
    'id',
    'partnership_id',
    'slug',
    'author_id',
    'original_lang',
    'title',
    'summary',
    'body',
    'status',
    'members_only',
    'published_at',
    'created_at',
    'updated_at',
  ],
  news_post_translations: ['post_id', 'lang', 'title', 'summary', 'body'],
  meetings: [
    'id',
    'partnership_id',
    'number',
    'original_lang',
    'title',
    'description',
    'starts_at',
    'ends_at',
    'time_zone',
    'venue',
    'address',
    'city',
    'country',
    'online_url',
    'host_organisation_id',
    'members_only',
    'status',
    'sequence',
    'registration_open',
    'capacity',
    'registration_deadline',
    'minutes',
    'outcomes',
    'attendance_reported',
    'created_by',
    'created_at',
    'updated_at',
  ],
  meeting_registrations: ['id', 'meeting_id', 'user_id', 'status', 'attended', 'created_at', 'status_at'],
  action_themes: ['id', 'partnership_id', 'position', 'title'],
  actions: [
    'id',
    'partnership_id',
    'number',
    'theme_id',
    'original_lang',
    'title',
    'description',
    'status',
    'merged_into',
    'progress',
    'progress_mode',
    'starts_on',
    'ends_on',
    'members_only',
    'created_at',
    'updated_at',
  ],
  action_organisations: ['action_id', 'organisation_id', 'role', 'position'],
  action_deliverables: [
    'action_id',
    'position',
    'title',
    'type',
    'due_on',
    'status',
    'weight',
    'evidence_url',
    'evidence_post_id',
  ],
  action_challenges: [
    'action_id',
    'position',
    'description',
    'impact',
    'mitigation',
    'status',
    'raised_on',
    'resolved_on',
  ],
  action_versions: ['action_id', 'version', 'at', 'user_id', 'explanation', 'snapshot'],
  action_progress_months: ['partnership_id', 'members_only', 'month', 'progress_sum', 'actions'],
  funding_programmes: [
    'id',
    'slug',
    'name',
    'period_from',
    'period_to',
    'budget_eur',
    'budget_note',
    'managing_service',
    'url',
    'description',
    'created_at',
    'updated_at',
  ],
  funding_opportunities: [
    'id',
    'external_id',
    'programme_id',
    'kind',
    'state',
    'suggested_by',
    'original_lang',
    'title',
    'summary',
    'body',
    'stage',
    'opens_at',
    'closes_at',
    'time_zone',
    'budget_eur',
    'grant_min_eur',
    'grant_max_eur',
    'cofinancing_rate',
    'url',
    'contact',
    'version',
    'created_at',
    'updated_at',
  ],
  funding_deadlines: ['opportunity_id', 'position', 'at', 'label'],
  funding_eligibility: ['opportunity_id', 'dimension', 'value'],
  funding_versions: ['opportunity_id', 'version', 'at', 'user_id', 'explanation', 'snapshot'],
  taggings: ['tag_id', 'subject_type', 'subject_id', 'partnership_id', 'published_at', 'is_public', 'position'],
  comments: [
    'id',
    'subject_type',
    'subject_id',
    'parent_id',
    'root_id',
    'depth',
    'author_id',
    'body',
    'lang',
    'created_at',
    'edited_at',
    'deleted_at',
    'hidden_at',
    'hidden_by',
    'hidden_reason',
    'report_count',
  ],
  comment_reports: ['comment_id', 'reporter_id', 'reason', 'created_at'],
  partnership_activity: [
    'partnership_id',
    'at',
    'actor_id',
    'kind',
    'subject',
    'path',
    'members_only',
    'subject_type',
    'subject_id',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Table = keyof typeof TABLES;
export type Row = (string | number | null)[];

/** Tables whose ids the generator sets itself (PostgreSQL's identity sequences are moved past them at the end). */
export const EXPLICIT_IDS: readonly Table[] = [
  'users',
  'partnerships',
  'tags',
  'news_posts',
  'comments',
  'meetings',
  'meeting_registrations',
  'action_themes',
  'actions',
  'funding_programmes',
  'funding_opportunities',
];

/** Rows in, in bulk: straight into SQLite through prepared statements, or batched multi-row inserts on PostgreSQL. */
export interface BulkWriter {
  add(table: Table, row: Row): void;
  /** Writes what is buffered once a batch is full; with `all`, whatever is buffered. */
  flush(all?: boolean): Promise<void>;
}

const quoted = (name: string) => `"${name}"`;

function sqliteWriter(database: NonNullable<DatabaseHandle['sqlite']>): BulkWriter {
  const statements = new Map<Table, { run(...params: unknown[]): unknown }>();
  return {
    add(table, row) {
      let statement = statements.get(table);
      if (!statement) {
        const columns = TABLES[table];
        statement = database.prepare(
          `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) ` +
            `values (${columns.map(() => '?').join(', ')})`,
        );
        statements.set(table, statement);
      }
      statement.run(...row);
    },
    async flush() {},
  };
}

function postgresWriter(db: Kysely<Database>): BulkWriter {
  const buffers = new Map<Table, Row[]>();
  let full = false;
  // About 30,000 parameters a statement, well under PostgreSQL's 65,535.
  const batchOf = (table: Table) => Math.floor(30_000 / TABLES[table].length);
  return {
    add(table, row) {
      let buffer = buffers.get(table);
      if (!buffer) buffers.set(table, (buffer = []));
      buffer.push(row);
      if (buffer.length >= batchOf(table)) full = true;
    },
    async flush(all = false) {
      if (!full && !all) return;
      for (const table of Object.keys(TABLES) as Table[]) {
        const rows = buffers.get(table);
        if (!rows?.length) continue;
        buffers.set(table, []);
        const columns = sql.join(TABLES[table].map((c) => sql.ref(c)));
        const batch = batchOf(table);
        for (let start = 0; start < rows.length; start += batch) {
          const values = sql.join(rows.slice(start, start + batch).map((row) => sql`(${sql.join(row)})`));
          await sql`insert into ${sql.table(table)} (${columns}) values ${values}`.execute(db);
        }
      }
      full = false;
    },
  };
}

/**
 * Runs `work` in one transaction, with a writer for bulk rows: all of it is stored, or none.
 * On SQLite the transaction takes the write lock at once (`begin immediate`), Kysely and the
 * writer share the one connection, and `synchronous` is OFF and the page cache larger only
 * for the duration (a crash during the load loses the load, never the earlier data, since
 * the journal stays WAL); both are set back afterwards.
 */
export async function inTransaction<T>(
  database: DatabaseHandle,
  work: (db: Kysely<Database>, writer: BulkWriter) => Promise<T>,
): Promise<T> {
  const sqlite = database.sqlite;
  if (!sqlite) {
    return database.db.transaction().execute(async (trx) => {
      const writer = postgresWriter(trx);
      const result = await work(trx, writer);
      await writer.flush(true);
      return result;
    });
  }
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  try {
    sqlite.exec('begin immediate');
    try {
      const result = await work(database.db, sqliteWriter(sqlite));
      sqlite.exec('commit');
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('rollback');
      throw error;
    }
  } finally {
    sqlite.pragma(`synchronous = ${Number(synchronous)}`);
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
  }
}

/** PostgreSQL: moves each identity sequence past the ids the generator set itself. */
export async function resetSequences(db: Kysely<Database>): Promise<void> {
  for (const table of EXPLICIT_IDS) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'),
      coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
  }
}

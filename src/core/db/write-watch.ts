import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryCompiler,
  QueryResult,
  RootOperationNode,
  TransactionSettings,
  UnknownRow,
} from 'kysely';

/** Told of every write after it ran: the table's name, or null when the SQL was raw. */
export type WriteListener = (table: string | null) => void;

type Named = { kind: string; table?: { identifier?: { name?: string } } } | undefined;

const nameOf = (node: Named): string | null =>
  node?.kind === 'TableNode' ? (node.table?.identifier?.name ?? null) : null;
const RAW_WRITE = /^\s*(insert|update|delete|replace|merge|create|drop|alter|truncate|with)\b/i;
/** The table a plain raw INSERT, UPDATE, DELETE or REPLACE names (quoted or not, with its schema or not). */
const RAW_TABLE = new RegExp(
  '^\\s*(?:insert(?:\\s+or\\s+\\w+)?\\s+into|replace\\s+into|update(?:\\s+or\\s+\\w+)?|delete\\s+from)' +
    '\\s+(?:"?\\w+"?\\.)?"?(\\w+)"?[\\s(]',
  'i',
);

/**
 * What a raw statement writes: the table a plain INSERT, UPDATE, DELETE or REPLACE names (raw
 * SQL says which table it writes, so the job poller's `update core_jobs …` empties no cache);
 * null when it writes something else or cannot be read (a CTE, DDL: every cache is emptied);
 * undefined when it does not write.
 */
export function rawWrittenTable(text: string): string | null | undefined {
  if (!RAW_WRITE.test(text)) return undefined;
  if (/^\s*with\b/i.test(text) && !/\b(insert|update|delete)\b/i.test(text)) return undefined;
  return RAW_TABLE.exec(text)?.[1] ?? null;
}

/**
 * The table an INSERT, UPDATE, DELETE or MERGE writes; null for raw SQL that writes, or a
 * write to a table whose name cannot be read; undefined for everything else (reads).
 */
function writtenTable(node: RootOperationNode): string | null | undefined {
  switch (node.kind) {
    case 'InsertQueryNode':
      return nameOf(node.into as Named);
    case 'UpdateQueryNode':
      return nameOf(node.table as Named);
    case 'DeleteQueryNode':
      return nameOf(node.from.froms[0] as Named);
    case 'MergeQueryNode':
      return nameOf(node.into as Named);
    case 'RawNode':
      return rawWrittenTable(node.sqlFragments.join(' ? '));
    default:
      return undefined;
  }
}

/**
 * A Kysely plugin that tells its listeners of every write, once it has run, from wherever it
 * comes: a route, a job, a command, a test. The page cache listens, so that a page is never
 * served from memory after the data it shows has changed. It changes no query.
 *
 * A write inside a transaction is told when it has run, which is before others can see it:
 * a page rendered in between would show the data before it, and be kept. So the dialect is
 * watched too (`watchDialect`): the tables a transaction wrote are told again once it commits
 * (not when it rolls back), whoever runs it.
 */
export class WriteWatch implements KyselyPlugin {
  private readonly listeners = new Set<WriteListener>();
  private readonly pending = new WeakMap<object, string | null>();

  /** Adds a listener; returns the function that removes it. */
  onWrite(listener: WriteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.listeners.size > 0) {
      const table = writtenTable(args.node);
      if (table !== undefined) this.pending.set(args.queryId, table);
    }
    return args.node;
  }

  /** `dialect` with its driver watched: the tables a transaction wrote are told again after it commits. */
  watchDialect(dialect: Dialect): Dialect {
    return {
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createDriver: () => new CommitWatchingDriver(dialect.createDriver(), (tables) => this.tell(tables)),
    };
  }

  private tell(tables: Iterable<string | null>): void {
    for (const table of tables) for (const listener of this.listeners) listener(table);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.pending.get(args.queryId);
    if (table !== undefined) {
      this.pending.delete(args.queryId);
      this.tell([table]);
    }
    return args.result;
  }
}

/** A connection that notes which tables it wrote while a transaction is open on it. */
class WatchedConnection implements DatabaseConnection {
  /** The tables written in the open transaction; null outside one. */
  written: Set<string | null> | null = null;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(compiled);
    if (this.written) {
      const table = writtenTable(compiled.query);
      if (table !== undefined) this.written.add(table);
    }
    return result;
  }

  streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiled, chunkSize);
  }
}

/** The dialect's own driver, each connection watched, telling `committed` what a transaction wrote once it commits. */
class CommitWatchingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly committed: (tables: Set<string | null>) => void,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WatchedConnection(await this.inner.acquireConnection());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const watched = connection as WatchedConnection;
    await this.inner.beginTransaction(watched.inner, settings);
    watched.written = new Set();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    await this.inner.commitTransaction(watched.inner);
    const written = watched.written;
    watched.written = null;
    if (written && written.size > 0) this.committed(written);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    watched.written = null;
    await this.inner.rollbackTransaction(watched.inner);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.((connection as WatchedConnection).inner, name, compileQuery);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.((connection as WatchedConnection).inner, name, compileQuery);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.((connection as WatchedConnection).inner, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as WatchedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

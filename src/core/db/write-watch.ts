import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** Told of every write after it ran: the table's name, or null when the SQL was raw. */
export type WriteListener = (table: string | null) => void;

type Named = { kind: string; table?: { identifier?: { name?: string } } } | undefined;

const nameOf = (node: Named): string | null => (node?.kind === 'TableNode' ? (node.table?.identifier?.name ?? null) : null);
const RAW_WRITE = /^\s*(insert|update|delete|replace|merge|create|drop|alter|truncate)\b/i;

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
      return RAW_WRITE.test(node.sqlFragments[0] ?? '') ? null : undefined;
    default:
      return undefined;
  }
}

/**
 * A Kysely plugin that tells its listeners of every write, once it has run, from wherever it
 * comes: a route, a job, a command, a test. The page cache listens, so that a page is never
 * served from memory after the data it shows has changed. It changes no query.
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

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.pending.get(args.queryId);
    if (table !== undefined) {
      this.pending.delete(args.queryId);
      for (const listener of this.listeners) listener(table);
    }
    return args.result;
  }
}

// Test support: two nodes of one site, in this process, on one database (a SQLite file, or one
// PostgreSQL schema), each with its own caches, as several `urbis serve` processes would be.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { allModules, buildApp, createContext, migrate, type Urbis } from '../../src/app.js';
import { connectDatabase, type DatabaseHandle } from '../../src/core/db/connect.js';
import { createLogger } from '../../src/core/logger.js';
import { seedDemo } from '../../src/seed.js';
import { openTestDatabase, testConfig, type Engine } from '../helpers/app.js';

export interface TwoNodesOptions {
  /** Whether each node hears the other's writes (default false: what holds without them). */
  watchOtherNodes?: boolean;
  env?: Record<string, string>;
}

/** Two handles on one database (a SQLite file, or one PostgreSQL schema), migrated and with the demo. */
export async function twoNodes(
  engine: Engine,
  t: { after(fn: () => Promise<void>): void },
  options: TwoNodesOptions = {},
) {
  const { dataDir, config } = testConfig('urbis-nodes-', options.env);
  const log = createLogger('silent');
  let first: DatabaseHandle & { drop?: () => Promise<void> };
  let second: DatabaseHandle;
  if (engine === 'sqlite') {
    const file = path.join(dataDir, 'urbis.sqlite');
    first = connectDatabase(file);
    await migrate(first, allModules());
    second = connectDatabase(file);
  } else {
    const copy = await openTestDatabase('postgres');
    first = copy;
    second = connectDatabase(copy.url!, { searchPath: copy.schema!, poolSize: 4 });
  }
  await seedDemo(createContext(config, first, allModules(), log));
  const nodes: Urbis[] = [];
  for (const database of [first, second]) {
    nodes.push(await buildApp({ config, database, logger: log, watchOtherNodes: options.watchOtherNodes ?? false }));
  }
  t.after(async () => {
    for (const node of nodes) await node.app.close();
    await second.close();
    await (first.drop ? first.drop() : first.close());
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { a: nodes[0]!, b: nodes[1]! };
}

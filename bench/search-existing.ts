// Search latency on a database that already holds its data and index (a 1,000,000-item synthetic
// set takes a quarter of an hour to make and index; `bench:search` makes its own each time). Times
// the search service's `search()`, what `/api/v1/search` calls, in this process, one search at a
// time, as a visitor and as a signed-in member, and prints p50 and p95 per query and reader.
//
//   node --import tsx bench/search-existing.ts --database <sqlite file or postgres:// URL> \
//     [--queries "digital|saskia|digital cities chall|digital&type=post&lang=en"] [--member <e-mail>] \
//     [--runs 30] [--warm 3]
//
// A query may carry facets as an address does (`&type=post&type=comment&lang=en`).
//
// Without HTTP: what it leaves out is what `bench:search` adds (the server and the network), which
// is the same for any query; the machine should be quiet (`uptime`), and the figures are medians
// and 95th percentiles of `--runs` searches after `--warm` ones.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type * as App from '../src/app.js';
import type { Actor } from '../src/core/auth/actor.js';
import type * as Config from '../src/core/config.js';
import type * as Connect from '../src/core/db/connect.js';
import type * as Logger from '../src/core/logger.js';
import type * as SearchService from '../src/modules/search/search.service.js';
import type { SearchChoices } from '../src/modules/search/search.service.js';
import { urbisRunsFrom } from './lib.js';

// What the server runs (`bin/urbis.mjs`): the build in dist/ when it is current (`npm run build`), else src/.
const from = urbisRunsFrom().startsWith('dist/') ? '../dist' : '../src';
const load = <T>(module: string): Promise<T> => import(`${from}/${module}.js`) as Promise<T>;
const { allModules, createContext } = await load<typeof App>('app');
const { loadConfig } = await load<typeof Config>('core/config');
const { connectDatabase } = await load<typeof Connect>('core/db/connect');
const { createLogger } = await load<typeof Logger>('core/logger');
const { search } = await load<typeof SearchService>('modules/search/search.service');

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    queries: { type: 'string', default: 'digital|saskia|zastupitelstvo|digital cities chall' },
    member: { type: 'string', default: 'eva-novotna@demo.urbis.eu' },
    runs: { type: 'string', default: '30' },
    warm: { type: 'string', default: '3' },
  },
});
if (!values.database) {
  console.error('Give --database: a SQLite file or a postgres:// URL.');
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs));
const warm = Math.max(0, Number(values.warm));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const url = /^postgres(ql)?:\/\//.test(values.database) ? values.database : `sqlite:${values.database}`;
const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' });
const database = connectDatabase(config.databaseUrl, { poolSize: 4 });
const ctx = createContext(config, database, allModules(), createLogger('silent'));
try {
  const loader = allModules().find((m) => m.loadActor)!;
  const row = await ctx.db.selectFrom('users').select('id').where('email', '=', values.member!).executeTakeFirst();
  const member = row ? await loader.loadActor!(ctx, row.id) : null;
  if (!member) throw new Error(`no account ${values.member}`);
  const documents = await ctx.db
    .selectFrom('search_documents')
    // The newest id rather than count(*): a count reads the whole table, and pushes the index out of memory.
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    `# ${urbisRunsFrom()}; newest document ${Number(documents.n)}; ` +
      `${runs} searches after ${warm}; load ${loadAverage()}`,
  );
  console.log('query | reader | found | p50 ms | p95 ms');
  for (const query of values.queries!.split('|')) {
    const [q = '', ...rest] = query.split('&');
    const given = new URLSearchParams(rest.join('&'));
    const choices: SearchChoices = {};
    for (const facet of ['type', 'partnership', 'tag', 'lang'] as const)
      if (given.has(facet)) choices[facet] = given.getAll(facet);
    if (given.has('year')) choices.year = given.getAll('year').map(Number);
    for (const [reader, actor] of [
      ['visitor', { kind: 'visitor' } as Actor],
      ['member', member],
    ] as const) {
      const times: number[] = [];
      let found = '';
      for (let i = 0; i < warm + runs; i++) {
        const started = performance.now();
        const answer = await search(ctx, actor, { q, ...choices }, 'en');
        const ms = performance.now() - started;
        if (i >= warm) times.push(ms);
        found = `${answer.exact ? '' : '≥ '}${answer.total}`;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${query} | ${reader} | ${found} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)}`,
      );
    }
  }
  console.log(`# load ${loadAverage()}`);
} finally {
  await database.close();
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

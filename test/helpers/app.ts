import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, type TestContext } from 'node:test';
import { allModules, buildApp, createContext, type Urbis } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import type { UrbisModule } from '../../src/core/module.js';
import { seedDemo } from '../../src/seed.js';
import {
  copyOf,
  migratedDatabase,
  ownSchema,
  seedInto,
  TEST_ENV,
  templatable,
  templateFor,
  type DatabaseKind,
  type Engine,
  type TestDatabase,
} from './templates.js';

export type { Engine } from './templates.js';

/** In CI nothing may be skipped: a missing database or browser fails the run instead. */
export const SKIPS_FAIL = process.env.CI === 'true' || process.env.URBIS_NO_SKIP === '1';

/** The engines to run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function engines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * The one engine this process runs its suites on, when scripts/test.mjs split a long test file in two: it runs
 * the file twice, at once, through two links to it named `….sqlite.js` and `….postgres.js`. Otherwise null: both.
 */
const ENGINE_OF_FILE: Engine | null =
  (/\.(sqlite|postgres)\.js$/.exec(process.argv[1] ?? '')?.[1] as Engine | undefined) ?? null;

let warned = false;
/**
 * Runs `suite` once per engine, as `describe('<engine>')`. Without TEST_DATABASE_URL the
 * PostgreSQL run is reported as skipped, with the reason; in CI that is a failure.
 */
export function forEachEngine(title: string, suite: (engine: Engine) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    if (ENGINE_OF_FILE !== null && engine !== ENGINE_OF_FILE) continue;
    if (engine === 'postgres' && !process.env.TEST_DATABASE_URL) {
      if (SKIPS_FAIL) {
        describe(`${title} [postgres]`, () => {
          throw new Error('TEST_DATABASE_URL is not set, and in CI the PostgreSQL tests may not be skipped');
        });
      } else {
        if (!warned) console.log('# PostgreSQL tests skipped: TEST_DATABASE_URL is not set');
        warned = true;
        describe(`${title} [postgres]`, { skip: 'TEST_DATABASE_URL is not set' }, () => {});
      }
      continue;
    }
    describe(`${title} [${engine}]`, () => suite(engine));
  }
}

/**
 * A fresh, migrated database of its own (a PostgreSQL schema, or SQLite in memory): empty, or
 * with the demo when `demo` is given (its files, a post's attachment, then go to `demo.dataDir`).
 * It is a copy of a template made once (./templates.ts), not migrated and seeded anew.
 */
export async function openTestDatabase(
  engine: Engine,
  modules: readonly UrbisModule[] = allModules(),
  demo?: { dataDir: string; env?: Record<string, string> },
): Promise<TestDatabase> {
  const kind: DatabaseKind = { engine, modules, ...(demo ? { demo: { env: demo.env ?? {} } } : {}) };
  const template = templatable(kind) ? await templateFor(kind) : null;
  if (template) return copyOf(template, demo?.dataDir);
  // PostgreSQL without a working pg_dump, or a configuration with folders of its own: the ordinary way.
  const handle = await migratedDatabase(engine, modules);
  if (demo) await seedInto(handle, modules, demo.dataDir, demo.env ?? {});
  return ownSchema(handle);
}

export interface TestAppOptions {
  /** Load the demo data. */
  demo?: boolean;
  /** Extra environment for the configuration. */
  env?: Record<string, string>;
  modules?: readonly UrbisModule[];
  /** The application's logger (silent by default): a test that reads what is logged passes its own. */
  logger?: Logger;
}

/** A configuration for tests, in a fresh data folder of its own: silent, with a rate limit no test reaches. */
export function testConfig(prefix: string, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const config = loadConfig({ URBIS_DATA_DIR: dataDir, ...TEST_ENV, ...env });
  return { dataDir, config };
}

/**
 * The whole application over a fresh database, closed when the test ends. Use
 * `urbis.app.inject()` to call it, or `listen()` it on 127.0.0.1 for a browser.
 */
export async function buildTestApp(
  t: TestContext | { after(fn: () => Promise<void>): void },
  engine: Engine,
  options: TestAppOptions = {},
): Promise<Urbis> {
  const { dataDir, config } = testConfig('urbis-test-', options.env);
  const modules = options.modules ? allModules(options.modules) : allModules();
  const log = options.logger ?? createLogger('silent');
  // A test that reads the log sees the demo's seeding in it too, as before templates.
  const seedHere = options.demo && options.logger;
  const database = await openTestDatabase(
    engine,
    modules,
    options.demo && !seedHere ? { dataDir, env: options.env ?? {} } : undefined,
  );
  if (seedHere) await seedDemo(createContext(config, database, modules, log));
  const urbis = await buildApp({
    config,
    database,
    logger: log,
    ...(options.modules ? { modules: options.modules } : {}),
  });
  t.after(async () => {
    await urbis.app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return urbis;
}

/** Cookies from a response's Set-Cookie headers, as a Cookie header value. */
export function cookiesOf(response: { headers: Record<string, unknown> }): string {
  const raw = response.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return list.map((c: string) => c.split(';')[0]).join('; ');
}

/** The CSRF token of the first form in an HTML page. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

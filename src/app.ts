import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Actor } from './core/auth/actor.js';
import { anyone } from './core/auth/policy.js';
import type { Config } from './core/config.js';
import { coreModule } from './core/core-module.js';
import { connectDatabase, type DatabaseHandle } from './core/db/connect.js';
import { migrateToLatest, type Migration } from './core/db/migrator.js';
import { AssetRegistry } from './core/http/assets.js';
import { sharedCompilers } from './core/http/compilers.js';
import { registerCore, securityHeadersFor } from './core/http/core-plugin.js';
import { PageCache } from './core/http/page-cache.js';
import { LANE_TRIED, PersonalLane } from './core/http/personal-lane.js';
import { DatabaseRateStore } from './core/http/rate-limit.js';
import { ProblemSchema } from './core/http/problem.js';
import { SharedMemo } from './core/shared/memo.js';
import { readClock } from './core/shared/reads.js';
import { SessionStore } from './core/http/session.js';
import { mergeCatalogs } from './core/i18n/catalogs.js';
import { createTranslators } from './core/i18n/translator.js';
import { sql } from 'kysely';
import path from 'node:path';
import { enqueueJob, type JobHandler } from './core/jobs/queue.js';
import { recordAudit } from './core/audit/audit.js';
import { createMailer } from './core/mail/mailer.js';
import { createLogger, type Logger } from './core/logger.js';
import { personalHeaderOf, type ModuleContext, type UrbisModule } from './core/module.js';
import { registeredModules } from './modules.js';

export interface AppOptions {
  config: Config;
  /** An open database; by default one is opened from `config.databaseUrl`. */
  database?: DatabaseHandle;
  /** The modules to load; by default every module in `src/modules.ts`. */
  modules?: readonly UrbisModule[];
  logger?: Logger;
  /** Hear the writes of other nodes on this database (default true; a test turns it off to see what else holds). */
  watchOtherNodes?: boolean;
}

export interface Urbis {
  app: FastifyInstance;
  ctx: ModuleContext;
  database: DatabaseHandle;
  /** Closes the HTTP server and the database. */
  close(): Promise<void>;
}

/**
 * Request ids, which an error page quotes as its reference: 12 hex digits, counting up from
 * a random start drawn when the process starts (cheaper than random bytes per request, and
 * in practice unique across restarts too: two runs would have to land within one another's
 * count of requests in a space of 2^48).
 */
const REQUEST_ID_SPACE = 2 ** 48;
let requestCounter = randomBytes(6).readUIntBE(0, 6);
function nextRequestId(): string {
  requestCounter = (requestCounter + 1) % REQUEST_ID_SPACE;
  return requestCounter.toString(16).padStart(12, '0');
}

/** The core first, then every registered module. */
export function allModules(modules: readonly UrbisModule[] = registeredModules): UrbisModule[] {
  return [coreModule, ...modules];
}

/** The interface languages: those for which the core ships a catalog. English first. */
export function interfaceLanguages(modules: readonly UrbisModule[]): string[] {
  const shipped = Object.keys(modules.find((m) => m.id === 'core')?.messages ?? {});
  return ['en', ...shipped.filter((l) => l !== 'en').sort()];
}

/** Every module's migrations, by name; a name used twice is a mistake. */
export function collectMigrations(modules: readonly UrbisModule[]): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (all[name]) throw new Error(`migration ${name} is defined twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** Brings the database schema up to date with every module's migrations. */
export async function migrate(
  database: DatabaseHandle,
  modules: readonly UrbisModule[] = allModules(),
): Promise<string[]> {
  const { applied } = await migrateToLatest(database.db, database.dialect, collectMigrations(modules));
  return applied;
}

export function createContext(
  config: Config,
  database: DatabaseHandle,
  modules: readonly UrbisModule[],
  log: Logger,
): ModuleContext {
  const catalogs = mergeCatalogs(modules.map((m) => ({ source: m.id, catalogs: m.messages ?? {} })));
  const languages = interfaceLanguages(modules);
  const translators = createTranslators(catalogs, languages, config.timeZone);
  const english = translators.get('en');
  if (!english) throw new Error('the English catalog is required');
  // Writes to the modules' private tables are not announced to the other nodes either.
  for (const table of modules.flatMap((m) => m.privateTables ?? [])) database.otherNodes.privateTables.add(table);
  return {
    languages,
    i18n: (locale) => translators.get(locale) ?? english,
    config,
    db: database.db,
    dialect: database.dialect,
    log,
    modules,
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: path.join(config.dataDir, 'outbox'),
      from: config.mailFrom,
      log,
    }),
    enqueue: (kind, payload, runAt) => enqueueJob(database.db, kind, payload, runAt),
    audit: (entry) => recordAudit(database.db, entry),
    shared: SharedMemo.off(),
  };
}

/** Every module's job handlers, by kind. */
export function jobHandlers(ctx: ModuleContext): Map<string, JobHandler> {
  const handlers = new Map<string, JobHandler>();
  for (const module of ctx.modules) {
    for (const [kind, handler] of Object.entries(module.jobs?.(ctx) ?? {})) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} is handled twice`);
      handlers.set(kind, handler);
    }
  }
  return handlers;
}

/** Fastify's trustProxy for URBIS_TRUST_PROXY: a number of hops becomes "trust the nearest n". */
const trustedProxies = (trust: Config['trustProxy']) =>
  typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;

/**
 * Builds the application: the HTTP kernel, then each module's routes as an encapsulated
 * plugin. Does not listen; `server.ts` does.
 */
export async function buildApp(options: AppOptions): Promise<Urbis> {
  const { config } = options;
  const modules = allModules(options.modules);
  const log = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? connectDatabase(config.databaseUrl);
  const ctx = createContext(config, database, modules, log);
  const { languages } = ctx;
  const actorLoader = modules.find((m) => m.loadActor);
  const tokenReader = modules.find((m) => m.actorForToken);

  const sessions = new SessionStore(database.db, config);
  const pageCache = new PageCache({
    seconds: config.pageCacheSeconds,
    maxBytes: config.pageCacheMegabytes * 1024 * 1024,
    sessionCookie: sessions.cookie,
    headers: Object.entries(securityHeadersFor(config)),
  });

  // Signed-in readers' pages, sent again while their session and the data version stay as they were.
  const personalLane = new PersonalLane({
    seconds: config.pageCacheSeconds,
    maxBytes: config.personalLaneMegabytes * 1024 * 1024,
    sessionCookie: sessions.cookie,
    peek: (token) => sessions.peek(token),
    generation: () => pageCache.generation,
    // The seam's clock, which clock-dependent reads are bucketed by (tests move it).
    now: () => readClock.now(),
  });

  // The shared parts of pages live as long as the cached pages: until the next write.
  ctx.shared = new SharedMemo(() => pageCache.generation, {
    seconds: config.pageCacheSeconds,
    maxBytes: config.pageCacheMegabytes * 1024 * 1024,
  });

  // Any write empties the page cache, wherever it comes from, except to tables no page shows;
  // so does any write another node on this database announces (within a second).
  const { privateTables } = database.otherNodes;
  const written = (table: string | null) => {
    if (table === null || !privateTables.has(table)) pageCache.invalidate();
  };
  database.writes.onWrite(written);
  database.otherNodes.log = log;
  if (options.watchOtherNodes !== false) await database.otherNodes.watch(written);

  const app: FastifyInstance = Fastify({
    // A visitor's cached page is answered here, before Fastify parses anything; every other
    // request goes on to Fastify. The server gets the timeouts Fastify gives its own by default.
    serverFactory: (handler) => {
      const server = createServer({}, (request, response) => {
        if (pageCache.tryServe(request, response)) return;
        // A signed-in reader's page kept in the lane: one read of the session and the data version.
        const lane = personalLane.tryServe(request, response);
        if (lane === false) return handler(request, response);
        (request as { [LANE_TRIED]?: boolean })[LANE_TRIED] = true;
        lane.then(
          (served) => served || handler(request, response),
          () => handler(request, response),
        );
      });
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      server.setTimeout(0);
      return server;
    },
    loggerInstance: log,
    bodyLimit: 1024 * 1024,
    genReqId: nextRequestId,
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    return503OnClosing: true,
    // Behind a load balancer, the client's address comes from the proxies trusted here.
    trustProxy: trustedProxies(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // Route schemas compiled once per process, not once per app (src/core/http/compilers.ts).
    schemaController: { compilersFactory: sharedCompilers },
  });

  // An app closed before its database stops hearing the other nodes (the last one closes the connection).
  app.addHook('onClose', () => database.otherNodes.unwatch(written));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Urbis API',
        version: '1',
        description: 'Everything a page of Urbis shows, as JSON. Errors are RFC 9457 problem documents.',
      },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal access token, made in Settings → API tokens.',
          },
        },
      },
    },
    hideUntagged: true,
    // Shared schemas (`app.addSchema`) are components named by their `$id`: `#/components/schemas/Problem`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  app.addSchema(ProblemSchema);

  await registerCore(app, {
    config,
    languages,
    translators: new Map(languages.map((l) => [l, ctx.i18n(l)])),
    navigation: modules
      .flatMap((m) => m.navigation ?? [])
      .sort((a, b) => a.order - b.order)
      .map(({ label, path }) => ({ label, path })),
    search: modules.find((m) => m.headerSearch)?.headerSearch ?? null,
    assets: new AssetRegistry(new URL('../public/', import.meta.url)),
    sessions,
    pageCache,
    personalLane,
    rateStore: new DatabaseRateStore(database.db),
    loadActor: async (userId: number): Promise<Actor | null> =>
      actorLoader?.loadActor ? actorLoader.loadActor(ctx, userId) : null,
    personalHeader: personalHeaderOf(ctx, modules),
    actorForToken: async (token: string): Promise<Actor | null> =>
      tokenReader?.actorForToken ? tokenReader.actorForToken(ctx, token) : null,
    checkDatabase: async () => {
      await sql`select 1`.execute(database.db);
    },
  });

  for (const module of modules) {
    if (!module.routes) continue;
    const routes = module.routes.bind(module);
    await app.register(async (scope) => routes(scope, ctx));
  }

  app.get('/api/openapi.json', { config: { policy: anyone } }, async () => app.swagger());

  return {
    app,
    ctx,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

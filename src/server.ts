import { buildApp, migrate, allModules, createContext, jobHandlers } from './app.js';
import { JobRunner } from './core/jobs/queue.js';
import type { Config } from './core/config.js';
import { connectDatabase } from './core/db/connect.js';
import { createLogger } from './core/logger.js';
import { seedDemo } from './seed.js';

export interface ServeOptions {
  /** Apply pending migrations first. */
  migrate?: boolean;
  /** Load the demo data when the database was just created. */
  demoIfEmpty?: boolean;
}

/**
 * Starts Urbis: optionally migrates and loads the demo, then listens. SIGTERM and SIGINT
 * close it gracefully: no new connections, requests in flight finish, the database closes.
 */
export async function serve(config: Config, options: ServeOptions = {}): Promise<void> {
  const log = createLogger(config.logLevel);
  const database = connectDatabase(config.databaseUrl);
  const modules = allModules();
  if (options.migrate) {
    const applied = await migrate(database, modules);
    if (applied.length > 0) log.info({ applied: applied.length }, 'database migrated');
    // A database whose very first migration ran just now was empty: show the newcomer a demo.
    if (options.demoIfEmpty && applied.includes('20261127000000_core_sessions')) {
      await seedDemo(createContext(config, database, modules, log));
      log.info('demo data loaded');
    }
  }
  const urbis = await buildApp({ config, database, logger: log });
  const jobs = new JobRunner(database.db, database.dialect, jobHandlers(urbis.ctx), log);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'closing');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    jobs
      .stop()
      .then(() => urbis.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while closing');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await urbis.app.listen({ port: config.port, host: config.host });
  // Recurring jobs (action leads' reminders): queued once per key, whichever node asks.
  for (const module of modules) await module.startJobs?.(urbis.ctx);
  jobs.start();
  const engine =
    database.dialect.name === 'sqlite' ? `SQLite at ${database.location}` : `PostgreSQL at ${database.location}`;
  log.info({ readyInMs: Math.round(process.uptime() * 1000) }, `Urbis is ready at ${config.baseUrl} (${engine})`);
}

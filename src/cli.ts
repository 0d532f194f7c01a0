import { Command } from 'commander';
import { allModules, createContext, migrate } from './app.js';
import { ConfigError, loadConfig, type Config } from './core/config.js';
import { connectDatabase } from './core/db/connect.js';
import { createLogger } from './core/logger.js';
import { seedDemo } from './seed.js';
import { serve } from './server.js';
import {
  SYNTHETIC_FLAGS,
  SYNTHETIC_HELP,
  parseSyntheticOptions,
  runSyntheticSeed,
  type SyntheticFlag,
} from './synthetic/command.js';
import { SYNTHETIC_DEFAULTS, type SyntheticOptions } from './synthetic/synthetic.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Urbis cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

/** Opens the database for a one-off command. */
async function open() {
  const cfg = config();
  const database = connectDatabase(cfg.databaseUrl, { poolSize: 2 });
  const modules = allModules();
  await migrate(database, modules);
  return { ...createContext(cfg, database, modules, createLogger('warn')), database, close: () => database.close() };
}

const program = new Command()
  .name('urbis')
  .description(
    'Urbis: a workspace for multi-level partnerships.\nConfiguration comes from the environment: PORT, HOST, ' +
      'DATABASE_URL, URBIS_DATA_DIR, URBIS_BASE_URL, URBIS_TIME_ZONE, LOG_LEVEL.',
  )
  .showHelpAfterError();

program
  .command('start')
  .description('migrate, load the demo data into an empty database, and serve (what `npm start` runs)')
  .action(() => serve(config(), { migrate: true, demoIfEmpty: true }));

program
  .command('serve')
  .description('serve the site and the API')
  .option('--migrate', 'apply pending database migrations first', false)
  .action((options: { migrate: boolean }) => serve(config(), { migrate: options.migrate }));

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const cfg = config();
    const database = connectDatabase(cfg.databaseUrl, { poolSize: 2 });
    try {
      const applied = await migrate(database);
      console.log(
        applied.length
          ? `Applied ${applied.length} migrations:\n  ${applied.join('\n  ')}`
          : 'The database is up to date.',
      );
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description(
    'load data into the database: the demo, a large synthetic data set for benchmarks, or both (the demo first)',
  )
  .option('--demo', 'the demo: Urban Agenda partnerships and their content')
  .option(
    '--synthetic',
    'a large synthetic data set for benchmarks, with two fixed posts (bench-50-comments, bench-1000-comments)',
  )
  .option(`${SYNTHETIC_FLAGS.posts} <n>`, SYNTHETIC_HELP.posts, String(SYNTHETIC_DEFAULTS.posts))
  .option(`${SYNTHETIC_FLAGS.comments} <n>`, SYNTHETIC_HELP.comments, String(SYNTHETIC_DEFAULTS.comments))
  .option(`${SYNTHETIC_FLAGS.users} <n>`, SYNTHETIC_HELP.users, String(SYNTHETIC_DEFAULTS.users))
  .option(`${SYNTHETIC_FLAGS.partnerships} <n>`, SYNTHETIC_HELP.partnerships, String(SYNTHETIC_DEFAULTS.partnerships))
  .option(`${SYNTHETIC_FLAGS.tags} <n>`, SYNTHETIC_HELP.tags, String(SYNTHETIC_DEFAULTS.tags))
  .option(`${SYNTHETIC_FLAGS.meetings} <n>`, SYNTHETIC_HELP.meetings, String(SYNTHETIC_DEFAULTS.meetings))
  .option(
    `${SYNTHETIC_FLAGS.registrations} <n>`,
    SYNTHETIC_HELP.registrations,
    String(SYNTHETIC_DEFAULTS.registrations),
  )
  .option(`${SYNTHETIC_FLAGS.actions} <n>`, SYNTHETIC_HELP.actions, String(SYNTHETIC_DEFAULTS.actions))
  .option(
    `${SYNTHETIC_FLAGS.actionVersions} <n>`,
    SYNTHETIC_HELP.actionVersions,
    String(SYNTHETIC_DEFAULTS.actionVersions),
  )
  .option(
    `${SYNTHETIC_FLAGS.opportunities} <n>`,
    SYNTHETIC_HELP.opportunities,
    String(SYNTHETIC_DEFAULTS.opportunities),
  )
  .option(`${SYNTHETIC_FLAGS.randomSeed} <n>`, SYNTHETIC_HELP.randomSeed, String(SYNTHETIC_DEFAULTS.randomSeed))
  .option('--no-progress', 'with --synthetic: no progress bar (there is none either when stderr is not a terminal)')
  .action(
    async (
      options: { demo?: boolean; synthetic?: boolean; progress: boolean } & Partial<Record<SyntheticFlag, string>>,
      command: Command,
    ) => {
      if (!options.demo && !options.synthetic) {
        console.error('Say what to load: urbis seed --demo, urbis seed --synthetic, or both');
        process.exitCode = 2;
        return;
      }
      let synthetic: SyntheticOptions | null = null;
      if (options.synthetic) {
        const parsed = parseSyntheticOptions(options);
        if (typeof parsed === 'string') {
          console.error(`Urbis cannot seed: ${parsed}`);
          process.exitCode = 2;
          return;
        }
        synthetic = parsed;
      } else {
        const stray = (Object.keys(SYNTHETIC_FLAGS) as SyntheticFlag[]).find(
          (key) => command.getOptionValueSource(key) === 'cli',
        );
        if (stray) {
          console.error(`Urbis cannot seed: ${SYNTHETIC_FLAGS[stray]} goes with --synthetic.`);
          process.exitCode = 2;
          return;
        }
      }
      const ctx = await open();
      try {
        if (options.demo) {
          await seedDemo(ctx);
          console.log('Demo data loaded.');
        }
        if (synthetic)
          process.exitCode = await runSyntheticSeed(
            ctx,
            ctx.database,
            synthetic,
            options.progress && process.stderr.isTTY === true,
          );
      } finally {
        await ctx.close();
      }
    },
  );

program
  .command('backup')
  .description(
    'copy the database to a file while Urbis keeps running (SQLite); for PostgreSQL, prints the pg_dump command',
  )
  .option('--to <file>', 'where to write the copy', `urbis-backup-${new Date().toISOString().slice(0, 10)}.sqlite`)
  .action(async (options: { to: string }) => {
    const cfg = config();
    const database = connectDatabase(cfg.databaseUrl, { poolSize: 1 });
    try {
      if (!database.sqlite) {
        console.log(
          `PostgreSQL: back up with pg_dump, for example:\n  pg_dump --format=custom --file=urbis.dump ` +
            `"${database.location}"`,
        );
        return;
      }
      await database.sqlite.backup(options.to);
      console.log(`Backed up ${database.location} to ${options.to}.`);
    } finally {
      await database.close();
    }
  });

for (const module of allModules()) module.commands?.(program, open);

await program.parseAsync();

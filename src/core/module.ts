import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import type { Actor } from './auth/actor.js';
import type { Config } from './config.js';
import type { Dialect } from './db/dialect.js';
import type { Migration } from './db/migrator.js';
import type { Database } from './db/types.js';
import type { Catalogs } from './i18n/catalogs.js';
import type { Logger } from './logger.js';
import type { PageContext } from './views/page-context.js';
import type { SearchSource } from './search/contract.js';
import type { Mailer } from './mail/mailer.js';

/** What every module is given: configuration, the database and its neighbours. */
export interface ModuleContext {
  config: Config;
  db: Kysely<Database>;
  dialect: Dialect;
  log: Logger;
  /** Every registered module, in registry order (for contributions such as home sections). */
  modules: readonly UrbisModule[];
  mailer: Mailer;
  /** Queues background work for a module's job handler (see `UrbisModule.jobs`). */
  enqueue(kind: string, payload: unknown, runAt?: Date): Promise<number>;
}

/** A block on the home page, contributed by a module. */
export interface HomeSection {
  /** Lower comes first. */
  order: number;
  render(page: PageContext, ctx: ModuleContext): Promise<VNode | null>;
}

/** A link in the site header. `label` is a message key. */
export interface NavigationLink {
  order: number;
  label: string;
  /** Path after `/{lang}`, e.g. `/partnerships`. */
  path: string;
}

/** The manifest of a module: everything the core needs to know about it. */
export interface UrbisModule {
  /** Short, unique, lower-case: also the prefix of its message keys and migration names. */
  id: string;
  /** Message catalogs by locale (from the module's `locales/` folder). */
  messages?: Catalogs;
  /** Schema changes, named `<timestamp>_<module>_<what>`. */
  migrations?: Record<string, Migration>;
  /** Registers the module's routes (an encapsulated Fastify plugin). */
  routes?(app: FastifyInstance, ctx: ModuleContext): Promise<void> | void;
  /** Adds demo content; called in registry order inside `urbis seed --demo`. */
  seedDemo?(ctx: ModuleContext): Promise<void>;
  homeSections?: HomeSection[];
  navigation?: NavigationLink[];
  /** Adds subcommands to the `urbis` command; `open` connects to the database when run. */
  commands?(program: Command, open: () => Promise<ModuleContext & { close(): Promise<void> }>): void;
  /** Background work this module does, by job kind (`<module>.<what>`); see core/jobs. */
  jobs?(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>>;
  /** Documents this module offers to the search index (see core/search). */
  search?(ctx: ModuleContext): SearchSource[];
  /** Turns a signed-in session's user id into an actor (one module provides this). */
  loadActor?(ctx: ModuleContext, userId: number): Promise<Actor | null>;
}

/** Declares a module. Identity at run time; it exists for the type check and for readers. */
export function defineModule(module: UrbisModule): UrbisModule {
  if (!/^[a-z][a-z0-9-]*$/.test(module.id)) throw new Error(`module id "${module.id}" must be lower-case letters, digits and dashes`);
  return module;
}

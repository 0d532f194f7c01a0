import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import type { Actor } from './auth/actor.js';
import type { Config } from './config.js';
import type { Dialect } from './db/dialect.js';
import type { Migration } from './db/migrator.js';
import type { Database } from './db/types.js';
import type { SharedMemo } from './shared/memo.js';
import type { Catalogs } from './i18n/catalogs.js';
import type { Logger } from './logger.js';
import type { PageContext } from './views/page-context.js';
import type { ContentSubject } from './sections.js';
import type { SearchSource } from './search/contract.js';
import type { Mailer } from './mail/mailer.js';
import type { AuditEntry } from './audit/audit.js';
import type { Translator } from './i18n/translator.js';

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
  /** The interface languages, English first. */
  languages: readonly string[];
  /** A translator for any interface language (for mail in the recipient's language); English for others. */
  i18n(locale: string): Translator;
  /** Records an admin or coordinator action in the audit log. */
  audit(entry: AuditEntry): Promise<void>;
  /**
   * What every reader of a page shares (rows, rendered fragments), kept until the next write
   * (see `core/http/shared-memo.ts`). Keeps nothing outside the web server.
   */
  shared: SharedMemo;
}

/** A block on the home page, contributed by a module. */
export interface HomeSection {
  /** Lower comes first. */
  order: number;
  render(page: PageContext, ctx: ModuleContext): Promise<VNode | null>;
}

/** A block on a person's profile page, contributed by a module (e.g. their partnerships). */
export interface ProfileSection {
  order: number;
  render(page: PageContext, ctx: ModuleContext, person: { handle: string }): Promise<VNode | null>;
}

/**
 * Something people may comment on, as the module that owns it describes it to the comments
 * module: where it is, whose it is, and what this actor may do there. `null` from the
 * resolver means "does not exist, or this actor may not see it" (the same 404).
 */
export interface CommentTarget {
  title: string;
  /** Its page, after `/{lang}`. */
  path: string;
  lang: string;
  partnershipId: number | null;
  /** The author, to be notified of new comments. */
  authorId: number | null;
  membersOnly: boolean;
  /** May this actor write a comment here? */
  mayComment: boolean;
  /** May this actor hide comments here (moderators and coordinators of its partnership)? */
  mayModerate: boolean;
}

/**
 * A block under a piece of content (a post, later a meeting or an action), contributed by
 * another module: the comments under a post, say. `query` is the page's query string, for
 * the section's own paging.
 */
export interface ContentSection {
  order: number;
  render(page: PageContext, ctx: ModuleContext, subject: ContentSubject): Promise<VNode | null>;
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
  /**
   * Tables whose rows no page shows a visitor (tokens, counters of attempts, personal
   * notifications): a write to them leaves the page cache alone. Every other write empties it.
   */
  privateTables?: readonly string[];
  /** Registers the module's routes (an encapsulated Fastify plugin). */
  routes?(app: FastifyInstance, ctx: ModuleContext): Promise<void> | void;
  /** Adds demo content; called in registry order inside `urbis seed --demo`. */
  seedDemo?(ctx: ModuleContext): Promise<void>;
  homeSections?: HomeSection[];
  /** Blocks on people's profile pages. */
  profileSections?: ProfileSection[];
  /** Blocks under other modules' content (see ContentSection). */
  contentSections?: ContentSection[];
  navigation?: NavigationLink[];
  /** Adds subcommands to the `urbis` command; `open` connects to the database when run. */
  commands?(program: Command, open: () => Promise<ModuleContext & { close(): Promise<void> }>): void;
  /** Background work this module does, by job kind (`<module>.<what>`); see core/jobs. */
  jobs?(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>>;
  /** Documents this module offers to the search index (see core/search). */
  search?(ctx: ModuleContext): SearchSource[];
  /** Content types of this module that take comments, by type (e.g. `post`). */
  commentables?: Record<string, (ctx: ModuleContext, id: number, actor: Actor) => Promise<CommentTarget | null>>;
  /**
   * Content types of this module that carry tags, by type (e.g. `post`): for the ids given,
   * what a tag page lists about each, in the reader's language. Ids it does not return
   * (gone, or not public) are left out of tag pages and feeds.
   */
  taggables?: Record<
    string,
    (
      ctx: ModuleContext,
      ids: number[],
      locale: string,
    ) => Promise<Map<number, { title: string; path: string; lang: string; summary?: string }>>
  >;
  /**
   * Forgets what this module keeps about a piece of content that is being deleted (its
   * comments, its tags), inside the deleting transaction: use `db`, which is that transaction.
   * The module that owns the content calls every module's before it deletes its own rows.
   * `path` is the content's page after `/{lang}`: links to it (or into it) are gone too.
   */
  contentRemoved?(db: Kysely<Database>, subject: { type: string; id: number; path: string }): Promise<void>;
  /** Turns a signed-in session's user id into an actor (one module provides this). */
  loadActor?(ctx: ModuleContext, userId: number): Promise<Actor | null>;
  /** Turns a personal access token (`Authorization: Bearer …` on `/api/`) into an actor. */
  actorForToken?(ctx: ModuleContext, token: string): Promise<Actor | null>;
  /**
   * What this module keeps about a person: `export` returns it for "download my data";
   * `erase` removes or anonymises it when the account is deleted (contributions stay, shown
   * as by "deleted user"). Every module that stores personal data implements both.
   */
  personalData?: {
    export(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>>;
    erase(ctx: ModuleContext, userId: number): Promise<void>;
  };
}

/** Declares a module. Identity at run time; it exists for the type check and for readers. */
export function defineModule(module: UrbisModule): UrbisModule {
  if (!/^[a-z][a-z0-9-]*$/.test(module.id))
    throw new Error(`module id "${module.id}" must be lower-case letters, digits and dashes`);
  return module;
}

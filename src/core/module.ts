import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Expression, Kysely } from 'kysely';
import type { VNode } from 'preact';
import type { Actor, SignedIn } from './auth/actor.js';
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
import type { AuditNamer } from './audit/sentences.js';
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
 * Who reads, as the visibility rule of a content type needs to know it (partnerships' module
 * works it out for an actor, fresh on every request: `audienceOf`). A visitor is `VISITORS`.
 */
export interface ContentAudience {
  /** Partnerships whose members-only content they see: their members (`'all'`: a platform administrator). */
  membersOf: readonly number[] | 'all';
  /** Partnerships whose content that is not out yet (drafts, scheduled) they see: those who publish there. */
  editorOf: readonly number[] | 'all';
  /** The reader, who sees what they wrote themselves; null for a visitor. */
  userId: number | null;
}

/** What everyone may see: no partnership's members-only content, nothing that is not out. */
export const VISITORS: ContentAudience = Object.freeze({ membersOf: [], editorOf: [], userId: null });

/** One item of a content type as a reader may see it (in their language where a person translated it). */
export interface ContentRef {
  title: string;
  /** Its page, after `/{lang}`. */
  path: string;
  lang: string;
  summary?: string;
}

/**
 * A content type's one visibility rule, as other modules use it: `describe` for the items they
 * hold references to (what an audience may see of them, at `now`), and `visibleIds` for their
 * lists, as a subquery of ids (`where subject_id in (…)`), so that a page of a list is a page of what
 * the reader may see. Both say what the module's own policy function says; an id that is gone
 * (deleted) is in neither.
 */
export interface ContentType {
  describe(
    ctx: ModuleContext,
    ids: readonly number[],
    audience: ContentAudience,
    locale: string,
    now: Date,
  ): Promise<Map<number, ContentRef>>;
  visibleIds(db: Kysely<Database>, audience: ContentAudience, now: Date): Expression<number>;
  /**
   * For types whose items are numbered within a partnership (actions of its plan): the items of
   * a partnership the audience may see, by number, for a form to offer as choices (a meeting's
   * decision names an action of the meeting's own partnership this way).
   */
  inPartnership?(
    db: Kysely<Database>,
    partnershipId: number,
    audience: ContentAudience,
  ): Promise<{ id: number; number: number; title: string }[]>;
}

/** A thing one may follow that is no content type (a partnership, a tag, a person): see `UrbisModule.followables`. */
export interface Followable {
  describe(
    ctx: ModuleContext,
    ids: readonly number[],
    audience: ContentAudience,
    locale: string,
  ): Promise<Map<number, ContentRef>>;
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

/**
 * The partnership a hub's block is rendered for, as the partnerships module hands it over: who it
 * is, and what the reader may see there (worked out fresh for this request by its policy; the
 * rest of the reader is `page.actor`).
 */
export interface HubPartnership {
  id: number;
  slug: string;
  /** In the reader's language where a person translated it; `lang` says which. */
  title: string;
  lang: string;
  /**
   * The reader sees this partnership's members-only content (its members, administrators):
   * a block shows what its content type's one visibility rule lets such a reader see.
   */
  membersOnly: boolean;
}

/**
 * A block on a partnership's overview (the latest news; the next meeting). `place` says where:
 * `'recent'` goes in the wide column beside the activity stream, `'coming'` under "What is
 * coming". `null` when there is nothing to show (the block is left out, with no heading).
 */
export interface HubBlock {
  /** Lower comes first within its place. */
  order: number;
  place: 'recent' | 'coming';
  render(page: PageContext, ctx: ModuleContext, partnership: HubPartnership): Promise<VNode | null>;
}

/**
 * A section of a partnership's hub, contributed by a module: a tab of the sub-navigation that
 * every page of the partnership shares (`PartnershipFrame`), and optionally a block on its
 * overview. Partnerships has Overview (0), Members (40) and Pages (50); news has News (10).
 * The module serves the page at `path` itself, inside partnerships' `PartnershipFrame`.
 */
export interface PartnershipSection {
  /** Lower comes first in the sub-navigation. */
  order: number;
  /** Message key of the tab's label. */
  label: string;
  /** After `/partnerships/{slug}`: `''` for the overview, `/news`, `/meetings`. */
  path: string;
  /** Its block on the overview, if it has one. */
  block?: HubBlock;
}

/**
 * What a module knows of an organisation's experience with a subject (matchmaking's suggestions of
 * peers for a support request): per organisation, one kind of evidence with how many items, what
 * each is worth and which of the subject's tags they share. The suggestion says it in words with
 * the message `kind` (ICU, given `{count}`), so every point of a peer's score has a reason.
 */
export interface PeerEvidence {
  organisationId: number;
  /** A message key of the contributing module's catalog, e.g. `support.evidence.actionsLed`. */
  kind: string;
  /** How many items (actions led, offers made, lessons written); at least 1. */
  count: number;
  /** Points each item is worth in the score. */
  weight: number;
  /** The subject's tags these items carry (for "tags in common"); empty when none. */
  tagIds: readonly number[];
}

/**
 * The subject peers are sought for: its tags, and the organisations asking (left out: no one is
 * their own peer). Count only what every reader of the suggestions may see (public content, and
 * what every signed-in peer sees), since a suggestion names the peer and its reasons to whoever asks.
 */
export interface PeerSubject {
  tagIds: readonly number[];
  organisationIds: readonly number[];
}

/** A link in the site header. `label` is a message key. */
export interface NavigationLink {
  order: number;
  label: string;
  /** Path after `/{lang}`, e.g. `/partnerships`. */
  path: string;
}

/**
 * A search box in the site header, on every page: a GET form to `/{lang}{path}` with one field,
 * `q`, labelled by the message `label` (said, not shown) and a button saying `button`. The same for
 * every reader (it is part of the shared frame); the page at `path` fills in its own field.
 */
export interface HeaderSearch {
  path: string;
  label: string;
  button: string;
}

/**
 * What a signed-in person sees of their own in the site header (their unread notifications,
 * their partnerships, the moderation queue), contributed by a module. `load` is asked on every
 * page a signed-in person is shown (never kept: one cheap query, a prepared one) and its answer
 * goes into the holes of the header's shared frame (`core/views/Layout.tsx`); null shows nothing.
 */
export interface HeaderItem {
  /** Lower comes first. */
  order: number;
  /**
   * `bar`: on the header's line at every width, beside the menu (a count to see at a glance);
   * `menu`: with the navigation, inside the menu on a narrow screen.
   */
  place: 'bar' | 'menu';
  load(ctx: ModuleContext, actor: SignedIn, locale: string): Promise<HeaderEntry | null>;
}

/**
 * One of a person's own header items, in their language: a link (with a count, shown short,
 * e.g. "3", and said in full to screen readers, e.g. "3 unread"), or a named list of links (a
 * disclosure: "My partnerships"). Paths are after `/{lang}`; `lang` marks content in another
 * language than the page.
 */
export type HeaderEntry =
  | { text: string; path: string; count?: { shown: string; said: string } }
  | { text: string; links: readonly { text: string; path: string; lang?: string }[] };

/** A signed-in person's own header items, read for one request, in order: on the header's line, and in the menu. */
export interface PersonalHeader {
  bar: readonly HeaderEntry[];
  menu: readonly HeaderEntry[];
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
  /** A search box in the site header (see HeaderSearch); the first module that declares one has it. */
  headerSearch?: HeaderSearch;
  /** A signed-in person's own items in the header (see HeaderItem). */
  header?: HeaderItem[];
  /** Sections of every partnership's hub: a tab, and optionally a block on its overview (see PartnershipSection). */
  partnershipSections?: PartnershipSection[];
  /** Adds subcommands to the `urbis` command; `open` connects to the database when run. */
  commands?(program: Command, open: () => Promise<ModuleContext & { close(): Promise<void> }>): void;
  /** Background work this module does, by job kind (`<module>.<what>`); see core/jobs. */
  jobs?(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>>;
  /**
   * Queues this module's recurring jobs when a node starts serving (each once per key, with
   * `enqueueJobOnce`: every node asks, one job is kept); a recurring job queues its next run itself.
   */
  startJobs?(ctx: ModuleContext): Promise<void>;
  /** Documents this module offers to the search index (see core/search). */
  search?(ctx: ModuleContext): SearchSource[];
  /** Content types of this module that take comments, by type (e.g. `post`). */
  commentables?: Record<string, (ctx: ModuleContext, id: number, actor: Actor) => Promise<CommentTarget | null>>;
  /**
   * Content types of this module (e.g. `post`), each with its one visibility rule, which every
   * other module's list of them applies: tag pages and feeds, the activity stream,
   * notifications, search (see ContentType).
   */
  contentTypes?: Record<string, ContentType>;
  /**
   * Content types whose one rule depends on other modules' rules (a comment is seen where its
   * target is): made from every registered module when asked (`contentTypesOf`), so that their
   * `visibleIds` may use the other types' `visibleIds`. Otherwise as `contentTypes`.
   */
  derivedContentTypes?(modules: readonly UrbisModule[]): Record<string, ContentType>;
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
   * What an actor may see of content (one module provides this: partnerships), read fresh, for
   * modules that check a content type's visibility rule without importing partnerships (follows).
   */
  audienceOf?(ctx: ModuleContext, actor: Actor): Promise<ContentAudience>;
  /**
   * Things of this module one may follow that are no content type (`partnership`, `tag`,
   * `person`), each named as an audience may see it: an id missing from the answer is not there,
   * or not for this audience (the follows module's 404). Content types are followed through
   * `contentTypes` (action, meeting, opportunity).
   */
  followables?: Record<string, Followable>;
  /**
   * What this module keeps about a person: `export` returns it for "download my data";
   * `erase` removes or anonymises it when the account is deleted (contributions stay, shown
   * as by "deleted user"). Every module that stores personal data implements both.
   */
  personalData?: {
    export(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>>;
    erase(ctx: ModuleContext, userId: number): Promise<void>;
  };
  /**
   * How the audit log names this module's things, by subject type (`user`, `organisation`),
   * read when the log is read (see core/audit/sentences.ts). The sentence of each action the
   * module records is the message `<module>.audit.<action>` of its catalog.
   */
  auditNames?: Record<string, AuditNamer>;
  /**
   * Evidence that organisations could help with a subject, for matchmaking's ranked suggestions of
   * peers (the support module reads every module's; see PeerEvidence). Lessons written would join here.
   */
  peerEvidence?(ctx: ModuleContext, subject: PeerSubject): Promise<PeerEvidence[]>;
  /**
   * What a person can do here, for the home page's promise: message keys of short lines
   * ("Publish news in your languages."), each with its place (lower first).
   */
  promises?: { order: number; label: string }[];
  /**
   * The kinds of notification this module sends (`notify`), each with its mail by default:
   * at once, in the daily or weekly digest, or never (the app lists every note whatever the
   * choice). `kind` is the note's message key (it gets `{subject}`); the settings page labels
   * the choice with the message `<kind>.setting` of the module's catalog. People change the
   * delivery per kind on the notifications settings page.
   */
  notificationKinds?: NotificationKind[];
}

/** How a kind of notification is mailed: at once, in a digest, or not at all. */
export type NotificationDelivery = 'immediately' | 'daily' | 'weekly' | 'never';

/** A kind of notification a module sends, with its delivery by default (see `UrbisModule.notificationKinds`). */
export interface NotificationKind {
  kind: string;
  delivery: NotificationDelivery;
}

/** Every module's content types, by type (the first module that declares a type has it). */
export function contentTypesOf(modules: readonly UrbisModule[]): ReadonlyMap<string, ContentType> {
  const types = new Map<string, ContentType>();
  for (const module of modules)
    for (const [type, content] of Object.entries({
      ...module.contentTypes,
      ...module.derivedContentTypes?.(modules),
    }))
      if (!types.has(type)) types.set(type, content);
  return types;
}

/**
 * Names many pieces of content at once, as `audience` may see them at `now` in `locale`: one
 * `describe` per content type (never one per item). The answer is a lookup; content of an unknown
 * type, gone, or not visible to the audience is `undefined`.
 */
export async function describeContent(
  ctx: ModuleContext,
  refs: Iterable<{ type: string; id: number }>,
  audience: ContentAudience,
  locale: string,
  now: Date,
): Promise<(type: string, id: number) => ContentRef | undefined> {
  const types = contentTypesOf(ctx.modules);
  const wanted = new Map<string, number[]>();
  for (const { type, id } of refs) if (types.has(type)) wanted.set(type, [...(wanted.get(type) ?? []), id]);
  // Each type's at once: on PostgreSQL each on a connection of its own (SQLite's come one after another anyway).
  const named = new Map(
    await Promise.all(
      [...wanted].map(
        async ([type, ids]) => [type, await types.get(type)!.describe(ctx, ids, audience, locale, now)] as const,
      ),
    ),
  );
  return (type, id) => named.get(type)?.get(id);
}

/**
 * Reads a signed-in person's own header items from every module's `header`, in order (each
 * module's query at once): asked on each request that may show a page, never kept.
 */
export function personalHeaderOf(
  ctx: ModuleContext,
  modules: readonly UrbisModule[],
): (actor: SignedIn, locale: string) => Promise<PersonalHeader> {
  const items = modules.flatMap((m) => m.header ?? []).sort((a, b) => a.order - b.order);
  return async (actor, locale) => {
    const entries = await Promise.all(items.map((item) => item.load(ctx, actor, locale)));
    const bar: HeaderEntry[] = [];
    const menu: HeaderEntry[] = [];
    items.forEach((item, i) => {
      const entry = entries[i];
      if (entry) (item.place === 'bar' ? bar : menu).push(entry);
    });
    return { bar, menu };
  };
}

/** Declares a module. Identity at run time; it exists for the type check and for readers. */
export function defineModule(module: UrbisModule): UrbisModule {
  if (!/^[a-z][a-z0-9-]*$/.test(module.id))
    throw new Error(`module id "${module.id}" must be lower-case letters, digits and dashes`);
  return module;
}

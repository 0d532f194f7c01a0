import { sql, type Kysely } from 'kysely';
import { toFlag } from '../core/db/dialect.js';
import type { DatabaseHandle } from '../core/db/connect.js';
import type { Database } from '../core/db/types.js';
import type { ModuleContext } from '../core/module.js';
import { hashPassword } from '../modules/accounts/index.js';
import { recountActionDashboard } from '../modules/actions/index.js';
import { DEMO_PASSWORD } from '../modules/people/index.js';
import { slugify } from '../modules/tags/index.js';
import { FAMILY_NAMES, GIVEN_NAMES, handlePart } from './names.js';
import { Random } from './random.js';
import * as text from './text.js';
import { zipfLine } from './search-text.js';
import { makeActions } from './actions.js';
import { makeFunding } from './funding.js';
import { makeMeetings, type ActivityLine } from './meetings.js';
import { inTransaction, resetSequences, type BulkWriter } from './writer.js';

/**
 * `urbis seed --synthetic`: a large, realistic data set for benchmarks, written straight
 * into the modules' tables in the shapes their code writes (threads, taggings, memberships,
 * activity), in one transaction. Deterministic for a given random seed, starting database
 * and `now`.
 */

/** How many of each to make. As options, besides the two benchmark posts and their 1,050 comments. */
export interface SyntheticCounts {
  posts: number;
  comments: number;
  users: number;
  partnerships: number;
  tags: number;
  /** Meetings, in numbered series per partnership, and registrations for them. */
  meetings: number;
  registrations: number;
  /** Actions in each synthetic partnership's plan (in a result: the actions made in all). */
  actions: number;
  /** Versions in each action's history, its creation included (in a result: the versions made in all). */
  actionVersions: number;
  /** Items of the funding register (calls, tenders, policies …), over the demo's programmes and synthetic ones. */
  opportunities: number;
}

export interface SyntheticOptions extends SyntheticCounts {
  randomSeed: number;
  /** The present, which every date is before; by default the time of the call (tests fix it). */
  now?: Date;
  /** Called now and then with the rows of posts, comments and users written so far. */
  onProgress?: (done: number, total: number) => void;
}

export const SYNTHETIC_DEFAULTS: Readonly<SyntheticCounts & { randomSeed: number }> = {
  posts: 100_000,
  comments: 1_000_000,
  users: 5_000,
  partnerships: 20,
  tags: 300,
  meetings: 10_000,
  registrations: 200_000,
  actions: 20,
  actionVersions: 100,
  opportunities: 50_000,
  randomSeed: 1,
};

/** The two posts every synthetic data set has, for benchmarks that need a known page. */
export const BENCH_POSTS = [
  { slug: 'bench-50-comments', topLevel: 40, replies: 10, maxDepth: 2, publishedAt: '2020-01-01T08:00:00.000Z' },
  { slug: 'bench-1000-comments', topLevel: 700, replies: 300, maxDepth: 3, publishedAt: '2020-01-01T09:00:00.000Z' },
] as const;

/** The demo partnership that holds the benchmark posts when it exists (partnerships.demo.ts). */
export const BENCH_PARTNERSHIP = 'digital-transition';
/** Synthetic accounts' e-mail addresses: `synthetic-<n>@synthetic.urbis.eu`. */
export const SYNTHETIC_MAIL_DOMAIN = 'synthetic.urbis.eu';

/** The generator cannot run on this database (already loaded, or nothing to attach posts to). */
export class SyntheticRefused extends Error {
  override name = 'SyntheticRefused';
}

/** What was made: the benchmark posts, their comments and the tags they brought included. */
export interface SyntheticResult extends SyntheticCounts {
  /** The slug of the partnership that holds the benchmark posts. */
  benchPartnership: string;
  seconds: number;
}

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
/** Replies nest at most this deep (the module sets no limit; threads this deep are rare). */
const MAX_DEPTH = 8;
const DRAFT_SHARE = 0.03;
const MEMBERS_ONLY_SHARE = 0.08;
const TRANSLATED_SHARE = 0.05;
const TOP_LEVEL_SHARE = 0.6;
const NO_DATE = '9999-12-31T00:00:00.000Z';

/** Checks counts: whole numbers, 0 or more. Returns the problem, or null. */
export function countProblem(name: string, value: number): string | null {
  return Number.isSafeInteger(value) && value >= 0
    ? null
    : `${name} must be a whole number, 0 or more (got ${String(value)})`;
}

interface Partnership {
  id: number;
  slug: string;
  /** Members' user ids, and those who moderate (moderators and coordinators). */
  members: number[];
  moderators: number[];
  hasCoordinator: boolean;
  hasModerator: boolean;
  synthetic: boolean;
}

interface Tag {
  id: number;
  slug: string;
  label: string | null;
}

/** A post that takes comments, as the comment pass needs it. */
interface Commentable {
  id: number;
  partnership: Partnership;
  membersOnly: boolean;
  publishedMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Makes the data set, all or nothing; throws SyntheticRefused (having stored nothing) when it cannot. */
export async function seedSynthetic(
  ctx: ModuleContext,
  database: DatabaseHandle,
  options: SyntheticOptions,
): Promise<SyntheticResult> {
  for (const key of [
    'posts',
    'comments',
    'users',
    'partnerships',
    'tags',
    'meetings',
    'registrations',
    'actions',
    'actionVersions',
    'opportunities',
    'randomSeed',
  ] as const) {
    const problem = countProblem(key, options[key]);
    if (problem) throw new RangeError(problem);
  }
  const started = performance.now();
  const nowMs = (options.now ?? new Date()).getTime();
  const fixtureComments = BENCH_POSTS.reduce((n, p) => n + p.topLevel + p.replies, 0);
  const total =
    options.users +
    options.posts +
    options.comments +
    options.meetings +
    options.partnerships * options.actions +
    options.opportunities +
    BENCH_POSTS.length +
    fixtureComments;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  progress(0);

  const result = await inTransaction(database, async (db, out) => {
    const made = await new SyntheticLoad(ctx, db, out, options, nowMs, progress).run();
    if (database.dialect.name === 'postgres') await resetSequences(db);
    return made;
  });
  // The planner's statistics of what was loaded, as PostgreSQL's documentation asks after a bulk load: without
  // them (autovacuum off, or not yet come by) it guesses, and a guess can make a read of 20 rows a scan of 50,000.
  if (database.dialect.name === 'postgres') await sql`analyze`.execute(database.db);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** One run of the generator, inside its transaction. */
class SyntheticLoad {
  private partnerships: Partnership[] = [];
  private userPool: number[] = [];
  private pickable: Tag[] = [];
  private knownTags = new Map<string, Tag>();
  private takenPostSlugs = new Set<string>();
  private activity: ActivityLine[] = [];
  private nextId = { users: 0, partnerships: 0, tags: 0, news_posts: 0, comments: 0 };
  private made = {
    posts: 0,
    comments: 0,
    users: 0,
    partnerships: 0,
    tags: 0,
    meetings: 0,
    registrations: 0,
    actions: 0,
    actionVersions: 0,
    opportunities: 0,
  };
  private commentLimit: number;

  constructor(
    ctx: ModuleContext,
    private db: Kysely<Database>,
    private out: BulkWriter,
    private options: SyntheticOptions,
    private nowMs: number,
    private progress: (n: number) => void,
  ) {
    this.commentLimit = ctx.config.commentReportLimit;
  }

  async run(): Promise<Omit<SyntheticResult, 'seconds'>> {
    const { db } = this;
    const loaded = await db
      .selectFrom('news_posts')
      .select('id')
      .where('slug', '=', BENCH_POSTS[0].slug)
      .executeTakeFirst();
    if (loaded)
      throw new SyntheticRefused(
        `the post ${BENCH_POSTS[0].slug} exists, so synthetic data is loaded already: start from a fresh database.`,
      );
    await this.loadPartnerships();
    const existingUsers = await db
      .selectFrom('users')
      .select('id')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    if (existingUsers.length === 0 && this.options.users === 0) {
      throw new SyntheticRefused(
        'there are no accounts to write the posts and comments: load the demo (--demo) or ask for --users 1 or more.',
      );
    }
    if (this.partnerships.length === 0 && this.options.partnerships === 0) {
      throw new SyntheticRefused(
        'there is no partnership for the posts: load the demo (--demo) or ask for --partnerships 1 or more.',
      );
    }
    this.userPool = existingUsers.map((u) => u.id);
    for (const row of await db.selectFrom('news_posts').select(['partnership_id', 'slug']).execute())
      this.takenPostSlugs.add(`${row.partnership_id}/${row.slug}`);

    await this.makeUsers();
    await this.makePartnerships();
    this.makeMemberships();
    await this.loadTags();
    const bench = this.benchPartnership();
    await this.makeBenchPosts(bench);
    this.makeTags();
    await this.out.flush(true);
    const commentables = await this.makePosts();
    await this.makeComments(commentables);
    await this.makeMeetings();
    await this.makeActions();
    await this.makeFunding();
    this.writeActivity();
    await this.out.flush(true);
    return { ...this.made, benchPartnership: bench.slug };
  }

  private async maxId(
    table:
      | 'users'
      | 'partnerships'
      | 'tags'
      | 'news_posts'
      | 'comments'
      | 'meetings'
      | 'meeting_registrations'
      | 'action_themes'
      | 'actions'
      | 'funding_programmes'
      | 'funding_opportunities',
  ): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.max<number>('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  private async loadPartnerships(): Promise<void> {
    const rows = await this.db.selectFrom('partnerships').select(['id', 'slug']).orderBy('id').execute();
    const people = await this.db
      .selectFrom('partnership_people')
      .select(['partnership_id', 'user_id', 'role'])
      .orderBy('partnership_id')
      .orderBy('user_id')
      .execute();
    this.partnerships = rows.map((p) => {
      const own = people.filter((m) => m.partnership_id === p.id);
      return {
        id: p.id,
        slug: p.slug,
        members: own.map((m) => m.user_id),
        moderators: own.filter((m) => m.role !== 'member').map((m) => m.user_id),
        hasCoordinator: own.some((m) => m.role === 'coordinator'),
        hasModerator: own.some((m) => m.role === 'moderator'),
        synthetic: false,
      };
    });
  }

  /**
   * Accounts with profiles, as registration and the demo make them, written in bulk: each with
   * the one argon2 hash of the demo password (the accounts module's `hashPassword`).
   */
  private async makeUsers(): Promise<void> {
    const count = this.options.users;
    if (count === 0) return;
    const r = new Random(this.options.randomSeed, 1);
    const { db } = this;
    const taken = new Set((await db.selectFrom('users').select('handle').execute()).map((u) => u.handle));
    const numbered = await db
      .selectFrom('users')
      .select('email')
      .where('email', 'like', `synthetic-%@${SYNTHETIC_MAIL_DOMAIN}`)
      .execute();
    const offset = numbered.reduce((max, u) => Math.max(max, Number(/^synthetic-(\d+)@/.exec(u.email)?.[1] ?? 0)), 0);
    const organisations = (await db.selectFrom('organisations').select('id').orderBy('id').execute()).map((o) => o.id);
    const start = this.nowMs - 9 * YEAR;
    // The one argon2 hash of the demo password, which every synthetic account shares.
    const hash = await hashPassword(DEMO_PASSWORD);
    this.nextId.users = (await this.maxId('users')) + 1;
    for (let i = 1; i <= count; i++) {
      const n = offset + i;
      const given = r.pick(GIVEN_NAMES);
      const family = r.pick(FAMILY_NAMES);
      let handle = `${handlePart(given)}-${handlePart(family)}`.slice(0, 30).replace(/-+$/, '') + `-${n}`;
      while (taken.has(handle)) handle += 'x';
      taken.add(handle);
      const email = `synthetic-${n}@${SYNTHETIC_MAIL_DOMAIN}`;
      const createdAt = iso(start + r.int(90) * DAY + r.int(DAY));
      const locale = r.chance(0.1) ? 'cs' : r.chance(0.2) ? 'en' : null;
      const id = this.nextId.users++;
      this.out.add('users', [
        id,
        handle,
        email,
        `${given} ${family}`,
        hash,
        toFlag(false),
        locale,
        createdAt,
        createdAt,
        null,
        null,
        null,
      ]);
      this.out.add('people_profiles', [id, text.bio(r), JSON.stringify(text.languages(r)), createdAt]);
      if (organisations.length > 0 && r.chance(0.4))
        this.out.add('people_affiliations', [id, r.pick(organisations), text.roleTitle(r), 0]);
      this.userPool.push(id);
      this.made.users++;
      if (i % 500 === 0) {
        this.progress(500);
        await this.out.flush();
      }
    }
    this.progress(count % 500);
  }

  private async makePartnerships(): Promise<void> {
    const count = this.options.partnerships;
    if (count === 0) return;
    const r = new Random(this.options.randomSeed, 2);
    this.nextId.partnerships = (await this.maxId('partnerships')) + 1;
    const slugs = new Set(this.partnerships.map((p) => p.slug));
    const thisYear = new Date(this.nowMs).getUTCFullYear();
    for (let n = 0; n < count; n++) {
      const { title, summary } = text.partnershipText(r, n);
      let slug = `synthetic-${slugify(title)}`;
      for (let k = 2; slugs.has(slug); k++) slug = `synthetic-${slugify(title)}-${k}`;
      slugs.add(slug);
      const id = this.nextId.partnerships++;
      const year = Math.min(thisYear, 2016 + r.int(Math.max(1, thisYear - 2015)));
      this.out.add('partnerships', [id, slug, 'en', title, summary, year, iso(this.nowMs - 9 * YEAR + r.int(DAY))]);
      this.partnerships.push({
        id,
        slug,
        members: [],
        moderators: [],
        hasCoordinator: false,
        hasModerator: false,
        synthetic: true,
      });
      this.made.partnerships++;
    }
  }

  /**
   * Synthetic people join partnerships: one each in turn, so that every partnership gets
   * members, and some a second or third. A partnership's first new member coordinates it
   * when nobody does, the next moderates when nobody does.
   */
  private makeMemberships(): void {
    const synthetic = this.userPool.slice(this.userPool.length - this.made.users);
    if (synthetic.length === 0 || this.partnerships.length === 0) return;
    const r = new Random(this.options.randomSeed, 5);
    const join = (p: Partnership, userId: number) => {
      if (p.members.includes(userId)) return;
      let role: 'coordinator' | 'moderator' | 'member' = 'member';
      if (!p.hasCoordinator) {
        role = 'coordinator';
        p.hasCoordinator = true;
      } else if (!p.hasModerator) {
        role = 'moderator';
        p.hasModerator = true;
      }
      p.members.push(userId);
      if (role !== 'member') p.moderators.push(userId);
      // After the accounts were made (in the first 91 days of the ninth year back), before the
      // first post (eight years back): members write from the start.
      this.out.add('partnership_people', [p.id, userId, role, iso(this.nowMs - 8.7 * YEAR + r.int(60) * DAY)]);
    };
    for (const [i, userId] of synthetic.entries()) {
      join(this.partnerships[i % this.partnerships.length]!, userId);
      if (r.chance(0.3)) join(r.pick(this.partnerships), userId);
      if (r.chance(0.1)) join(r.pick(this.partnerships), userId);
    }
  }

  private async loadTags(): Promise<void> {
    const rows = await this.db
      .selectFrom('tags')
      .leftJoin('tag_labels', (join) =>
        join.onRef('tag_labels.tag_id', '=', 'tags.id').on('tag_labels.lang', '=', 'en'),
      )
      .select(['tags.id', 'tags.slug', 'tag_labels.label'])
      .orderBy('tags.id')
      .execute();
    const existing = rows.map((row) => ({ id: row.id, slug: row.slug, label: row.label ?? null }));
    for (const tag of existing) this.remember(tag);
    // The demo's "Digital transition" first: it is the most used tag, and its page grows most.
    this.pickable = [
      ...existing.filter((t) => t.slug === BENCH_PARTNERSHIP),
      ...existing.filter((t) => t.slug !== BENCH_PARTNERSHIP),
    ];
    this.nextId.tags = (await this.maxId('tags')) + 1;
  }

  private remember(tag: Tag): void {
    this.knownTags.set(`slug:${tag.slug}`, tag);
    if (tag.label) this.knownTags.set(`label:${tag.label.toLowerCase()}`, tag);
  }

  /** A tag by its English label, as ensureTags finds it (label, then slug), else a new one. */
  private tag(label: string, createdAt: string): Tag {
    const slug = slugify(label);
    const found = this.knownTags.get(`label:${label.toLowerCase()}`) ?? this.knownTags.get(`slug:${slug}`);
    if (found) return found;
    const tag = { id: this.nextId.tags++, slug, label };
    this.out.add('tags', [tag.id, slug, createdAt]);
    this.out.add('tag_labels', [tag.id, 'en', label]);
    this.remember(tag);
    this.made.tags++;
    return tag;
  }

  private makeTags(): void {
    const count = this.options.tags;
    if (count === 0) return;
    const r = new Random(this.options.randomSeed, 6);
    const createdAt = iso(this.nowMs - 8 * YEAR);
    let made = 0;
    for (const label of text.tagLabels(r, count * 2 + 50)) {
      if (made === count) break;
      if (this.knownTags.has(`label:${label.toLowerCase()}`) || this.knownTags.has(`slug:${slugify(label)}`)) continue;
      this.pickable.push(this.tag(label, createdAt));
      made++;
    }
  }

  private benchPartnership(): Partnership {
    const found =
      this.partnerships.find((p) => p.slug === BENCH_PARTNERSHIP) ?? this.partnerships.find((p) => p.synthetic);
    if (!found) throw new SyntheticRefused('there is no partnership for the benchmark posts.');
    return found;
  }

  private postSlug(partnership: Partnership, base: string): string {
    let slug = base;
    for (let k = 2; this.takenPostSlugs.has(`${partnership.id}/${slug}`); k++) slug = `${base}-${k}`;
    this.takenPostSlugs.add(`${partnership.id}/${slug}`);
    return slug;
  }

  /** Writes a post with its tags and activity; returns its id. */
  private writePost(post: {
    partnership: Partnership;
    slug: string;
    authorId: number | null;
    title: string;
    summary: string;
    body: string;
    draft: boolean;
    membersOnly: boolean;
    publishedMs: number;
    createdMs: number;
    updatedMs: number;
    tags: Tag[];
    translation?: { title: string; summary: string; body: string };
  }): number {
    const id = this.nextId.news_posts++;
    const publishedAt = post.draft ? null : iso(post.publishedMs);
    const { partnership } = post;
    this.out.add('news_posts', [
      id,
      partnership.id,
      post.slug,
      post.authorId,
      'en',
      post.title,
      post.summary,
      post.body,
      post.draft ? 'draft' : 'published',
      toFlag(post.membersOnly),
      publishedAt,
      iso(post.createdMs),
      iso(post.updatedMs),
    ]);
    if (post.translation)
      this.out.add('news_post_translations', [
        id,
        'cs',
        post.translation.title,
        post.translation.summary,
        post.translation.body,
      ]);
    // As the tags module's setTaggings writes them: a draft sorts last and is not public.
    const isPublic = toFlag(!post.membersOnly && publishedAt !== null);
    for (const [position, tag] of post.tags.entries()) {
      this.out.add('taggings', [tag.id, 'post', id, partnership.id, publishedAt ?? NO_DATE, isPublic, position]);
    }
    if (publishedAt) {
      this.activity.push({
        partnershipId: partnership.id,
        at: publishedAt,
        actorId: post.authorId,
        kind: 'newsPublished',
        subjectType: 'post',
        subjectId: id,
        membersOnly: post.membersOnly,
      });
    }
    this.made.posts++;
    return id;
  }

  /**
   * The two benchmark posts, the same whatever the seed and counts: public, published on
   * 1 January 2020 (after the demo's seed post), with exactly 50 and 1,000 comments.
   */
  private async makeBenchPosts(partnership: Partnership): Promise<void> {
    this.nextId.news_posts = (await this.maxId('news_posts')) + 1;
    this.nextId.comments = (await this.maxId('comments')) + 1;
    const r = new Random(2020, 0);
    const authorId = partnership.moderators[0] ?? partnership.members[0] ?? this.userPool[0] ?? null;
    const createdAt = iso(this.nowMs - 8 * YEAR);
    const tags = ['Digital transition', 'Benchmark', 'Comments'].map((label) => this.tag(label, createdAt));
    for (const bench of BENCH_POSTS) {
      const total = bench.topLevel + bench.replies;
      const publishedMs = Date.parse(bench.publishedAt);
      const intro =
        `This post belongs to the synthetic data set that \`urbis seed --synthetic\` makes for benchmarks. ` +
        `It always has exactly ${total} comments: ${bench.topLevel} top-level comments and ${bench.replies} replies.`;
      const id = this.writePost({
        partnership,
        slug: this.postSlug(partnership, bench.slug),
        authorId,
        title: `Benchmark: a post with ${total} comments`,
        summary: `A fixed post with exactly ${total} comments, for measuring how fast a long thread is served.`,
        body: `${intro}\n\n${text.postBody(r, 4)}\n\n${text.postBody(r, 3)}`,
        draft: false,
        membersOnly: false,
        publishedMs,
        createdMs: publishedMs - DAY,
        updatedMs: publishedMs - DAY,
        tags,
      });
      this.benchThread(r, id, bench, publishedMs);
      this.progress(1 + total);
    }
  }

  /** Exactly `topLevel` comments and `replies` replies at depths 1 to `maxDepth`, all visible, none reported. */
  private benchThread(r: Random, subjectId: number, bench: (typeof BENCH_POSTS)[number], publishedMs: number): void {
    const total = bench.topLevel + bench.replies;
    // Which comments, in order of writing, are replies (never the first).
    const isReply = new Array<boolean>(total).fill(false);
    for (const slot of r.shuffle(Array.from({ length: total - 1 }, (_, i) => i + 1)).slice(0, bench.replies))
      isReply[slot] = true;
    const thread: { id: number; depth: number; root: number | null }[] = [];
    let at = publishedMs + 10 * 60_000;
    for (let j = 0; j < total; j++) {
      at += r.between(1, 40) * 60_000;
      let parent: (typeof thread)[number] | undefined;
      if (isReply[j]) {
        // Mostly an answer to one of the last few comments, which nests threads as deep as allowed.
        for (let tries = 0; tries < 50 && !parent; tries++) {
          const candidate =
            thread[r.chance(0.7) ? thread.length - 1 - r.int(Math.min(4, thread.length)) : r.int(thread.length)];
          if (candidate && candidate.depth < bench.maxDepth) parent = candidate;
        }
        parent ??= thread[0];
      }
      const comment = {
        id: this.nextId.comments++,
        depth: parent ? parent.depth + 1 : 0,
        root: parent ? (parent.root ?? parent.id) : null,
      };
      thread.push(comment);
      this.writeComment({
        id: comment.id,
        subjectId,
        parentId: parent?.id ?? null,
        rootId: comment.root,
        depth: comment.depth,
        authorId: this.userPool[r.int(this.userPool.length)] ?? null,
        body: text.commentBody(r),
        lang: 'en',
        createdMs: at,
        editedMs: r.chance(0.03) ? at + 5 * 60_000 : null,
      });
    }
  }

  private writeComment(c: {
    id: number;
    subjectId: number;
    parentId: number | null;
    rootId: number | null;
    depth: number;
    authorId: number | null;
    body: string;
    lang: string;
    createdMs: number;
    editedMs?: number | null;
    deletedMs?: number | null;
    hidden?: { ms: number; by: number | null; reason: string } | null;
    reports?: number;
  }): void {
    this.out.add('comments', [
      c.id,
      'post',
      c.subjectId,
      c.parentId,
      c.rootId,
      c.depth,
      c.authorId,
      c.deletedMs != null ? '' : c.body,
      c.lang,
      iso(c.createdMs),
      c.editedMs != null ? iso(c.editedMs) : null,
      c.deletedMs != null ? iso(c.deletedMs) : null,
      c.hidden ? iso(c.hidden.ms) : null,
      c.hidden?.by ?? null,
      c.hidden?.reason ?? null,
      c.reports ?? 0,
    ]);
    this.made.comments++;
  }

  /**
   * Posts spread over every partnership that has members (the Digital Transition
   * Partnership more than the others), over the past eight years and more of them lately,
   * written by members; a few drafts, some for members only, some translated into Czech,
   * tagged with a mix of the existing tags and the new ones. Returns those that take
   * comments: the published ones.
   */
  private async makePosts(): Promise<Commentable[]> {
    const count = this.options.posts;
    const commentable: Commentable[] = [];
    if (count === 0) return commentable;
    const homes = this.partnerships.filter((p) => p.members.length > 0);
    if (homes.length === 0)
      throw new SyntheticRefused(
        'no partnership has members to write the posts: ask for --users 1 or more, or load the demo (--demo).',
      );
    const r = new Random(this.options.randomSeed, 3);
    // The search part: a line of words drawn by Zipf's law under each post (a stream of its own, so
    // every other choice stays as it was).
    const z = new Random(this.options.randomSeed, 41);
    const cumulative: number[] = [];
    let sum = 0;
    for (const p of homes) {
      sum += (0.5 + r.next()) * (p.slug === BENCH_PARTNERSHIP ? 4 : 1);
      cumulative.push(sum);
    }
    const home = (): Partnership => {
      const x = r.next() * sum;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return homes[lo]!;
    };
    const start = this.nowMs - 8 * YEAR;
    const span = this.nowMs - 3_600_000 - start;
    const times = Float64Array.from({ length: count }, () => start + span * Math.sqrt(r.next())).sort();
    for (let i = 0; i < count; i++) {
      const partnership = home();
      const newest = i === count - 1;
      const draft = !newest && r.chance(DRAFT_SHARE);
      const membersOnly = !newest && r.chance(MEMBERS_ONLY_SHARE);
      const title = text.postTitle(r);
      const at = Math.floor(times[i]!);
      const createdMs = draft ? at : at - r.int(3 * DAY);
      const tags: Tag[] = [];
      if (this.pickable.length > 0) {
        for (let k = r.between(1, 5); k > 0; k--) {
          const tag = this.pickable[r.skewed(this.pickable.length, 2)]!;
          if (!tags.includes(tag)) tags.push(tag);
        }
      }
      const id = this.writePost({
        partnership,
        slug: this.postSlug(partnership, `${slugify(title).slice(0, 80).replace(/-+$/, '')}-${i + 1}`),
        authorId: r.pick(partnership.members),
        title,
        summary: text.postSummary(r),
        body: `${text.postBody(r)}\n\n${zipfLine(z, 8, 30)}`,
        draft,
        membersOnly,
        publishedMs: at,
        createdMs,
        updatedMs: r.chance(0.2) ? Math.min(this.nowMs, at + r.int(30 * DAY)) : createdMs,
        tags,
        ...(r.chance(TRANSLATED_SHARE) ? { translation: text.czechText(r) } : {}),
      });
      if (!draft) commentable.push({ id, partnership, membersOnly, publishedMs: at });
      if ((i + 1) % 1000 === 0) {
        this.progress(1000);
        await this.out.flush();
        await breathe();
      }
    }
    this.progress(count % 1000);
    return commentable;
  }

  /**
   * Comments over the published posts, skewed (log-normal): most posts get a few, some get
   * hundreds. Threads as the comments module writes them: a reply's root is the top-level
   * comment of its thread, its depth one more than its parent's, and it is newer than what
   * it answers. A few are edited, deleted, hidden by a moderator, or reported (hidden once
   * the reports reach URBIS_COMMENT_REPORT_LIMIT).
   */
  private async makeComments(posts: Commentable[]): Promise<void> {
    const count = this.options.comments;
    if (count === 0) return;
    if (posts.length === 0)
      throw new SyntheticRefused('comments need published posts to go under: ask for --posts 1 or more.');
    const r = new Random(this.options.randomSeed, 4);
    const z = new Random(this.options.randomSeed, 42);
    const counts = allocate(r, posts.length, count);
    const commenters = r.shuffle([...this.userPool]);
    let sincePause = 0;
    for (const [p, post] of posts.entries()) {
      const k = counts[p]!;
      if (k === 0) continue;
      const readers = post.membersOnly ? post.partnership.members : commenters;
      const moderators = post.partnership.moderators;
      const first = post.publishedMs + 60_000;
      const span = Math.max(60_000, Math.min(this.nowMs, post.publishedMs + 90 * DAY) - first);
      const times = Float64Array.from({ length: k }, () => first + r.next() * span).sort();
      const ids = new Array<number>(k);
      const depths = new Array<number>(k);
      const roots = new Array<number | null>(k);
      const parents = new Array<number>(k);
      for (let j = 0; j < k; j++) {
        let parent = -1;
        if (j > 0 && !r.chance(TOP_LEVEL_SHARE)) {
          parent = r.chance(0.5) ? j - 1 : r.int(j);
          while (depths[parent]! >= MAX_DEPTH) parent = parents[parent]!;
        }
        const id = this.nextId.comments++;
        ids[j] = id;
        parents[j] = parent;
        depths[j] = parent < 0 ? 0 : depths[parent]! + 1;
        roots[j] = parent < 0 ? null : (roots[parent] ?? ids[parent]!);
        const at = Math.floor(times[j]!);
        const authorId = post.membersOnly ? r.pick(readers) : readers[r.skewed(readers.length, 1.5)]!;
        const lang = r.chance(0.1) ? 'cs' : 'en';
        // Half the comments end with a few words drawn by Zipf's law (the search part; a stream of its own).
        const body = text.commentBody(r, lang === 'cs') + (z.chance(0.5) ? ` ${zipfLine(z, 2, 8)}` : '');
        const roll = r.next();
        let deletedMs: number | null = null;
        let editedMs: number | null = null;
        let hidden: { ms: number; by: number | null; reason: string } | null = null;
        let reports = 0;
        if (roll < 0.012) deletedMs = Math.min(this.nowMs, at + 60_000 + r.int(30 * DAY));
        else if (roll < 0.042) editedMs = Math.min(this.nowMs, at + 60_000 + r.int(2 * DAY));
        else if (roll < 0.044 && moderators.length > 0)
          hidden = {
            ms: Math.min(this.nowMs, at + 60_000 + r.int(5 * DAY)),
            by: r.pick(moderators),
            reason: text.hideReason(r),
          };
        else if (roll < 0.049 && readers.length > 1) {
          const wanted = Math.min(r.between(1, this.commentLimit + 1), readers.length - 1);
          const reporters: number[] = [];
          for (let tries = 0; reporters.length < wanted && tries < wanted * 20; tries++) {
            const who = readers[r.int(readers.length)]!;
            if (who !== authorId && !reporters.includes(who)) reporters.push(who);
          }
          reports = reporters.length;
          let reportMs = at;
          const reportRows: [number, number, string, string][] = [];
          for (const who of reporters) {
            reportMs = Math.min(this.nowMs, reportMs + 60_000 + r.int(DAY));
            reportRows.push([id, who, text.reportReason(r), iso(reportMs)]);
          }
          // As reportComment does: hidden, by nobody, when the reports reach the limit.
          if (reports >= this.commentLimit) hidden = { ms: reportMs, by: null, reason: '' };
          this.writeComment({
            id,
            subjectId: post.id,
            parentId: parent < 0 ? null : ids[parent]!,
            rootId: roots[j]!,
            depth: depths[j]!,
            authorId,
            body,
            lang,
            createdMs: at,
            hidden,
            reports,
          });
          for (const row of reportRows) this.out.add('comment_reports', row);
          continue;
        }
        this.writeComment({
          id,
          subjectId: post.id,
          parentId: parent < 0 ? null : ids[parent]!,
          rootId: roots[j]!,
          depth: depths[j]!,
          authorId,
          body,
          lang,
          createdMs: at,
          editedMs,
          deletedMs,
          hidden,
        });
      }
      this.progress(k);
      sincePause += k;
      await this.out.flush();
      if (sincePause >= 20_000) {
        sincePause = 0;
        await breathe();
      }
    }
  }

  /**
   * Meetings over every partnership that has members (the Digital Transition Partnership
   * four times as many as another), numbered after the meetings already there, with their
   * registrations (see meetings.ts).
   */
  private async makeMeetings(): Promise<void> {
    const { db, options } = this;
    if (options.meetings === 0) return;
    const numbers = await db
      .selectFrom('meetings')
      .select(['partnership_id', (eb) => eb.fn.max<number>('number').as('last')])
      .groupBy('partnership_id')
      .execute();
    const organisations = await db.selectFrom('organisations').select('id').orderBy('id').execute();
    const made = await makeMeetings(
      this.out,
      {
        count: options.meetings,
        registrations: options.registrations,
        randomSeed: options.randomSeed,
        nowMs: this.nowMs,
        homes: this.partnerships.map((p) => ({ ...p, weight: p.slug === BENCH_PARTNERSHIP ? 4 : 1 })),
        people: this.userPool,
        organisations: organisations.map((o) => o.id),
        tags: this.pickable.map((t) => t.id),
        lastNumber: new Map(numbers.map((n) => [n.partnership_id, Number(n.last)])),
        firstMeetingId: (await this.maxId('meetings')) + 1,
        firstRegistrationId: (await this.maxId('meeting_registrations')) + 1,
      },
      this.progress,
    );
    this.made.meetings = made.meetings;
    this.made.registrations = made.registrations;
    this.activity.push(...made.activity);
  }

  /**
   * The action plans of the synthetic partnerships (the demo's plans stay as they are), each
   * action with its history and the dashboard's counters (see actions.ts).
   */
  private async makeActions(): Promise<void> {
    const { options } = this;
    const homes = this.partnerships.filter((p) => p.synthetic);
    if (options.actions === 0 || homes.length === 0) return;
    const organisations = await this.db.selectFrom('organisations').select('id').orderBy('id').execute();
    const made = await makeActions(
      this.out,
      {
        perPartnership: options.actions,
        versions: options.actionVersions,
        randomSeed: options.randomSeed,
        nowMs: this.nowMs,
        homes,
        organisations: organisations.map((o) => o.id),
        firstThemeId: (await this.maxId('action_themes')) + 1,
        firstActionId: (await this.maxId('actions')) + 1,
      },
      this.progress,
    );
    this.made.actions = made.actions;
    this.made.actionVersions = made.versions;
    // The platform dashboard's counters, from the plans as written (actions.dashboard.counts.ts).
    await this.out.flush(true);
    await recountActionDashboard(this.db);
  }

  /**
   * The funding register: items over the demo's programmes and synthetic ones, their topics
   * drawn from the demo's funding topics and from every tag (see funding.ts).
   */
  private async makeFunding(): Promise<void> {
    const { db, options } = this;
    if (options.opportunities === 0) return;
    const programmes = await db.selectFrom('funding_programmes').select(['id', 'slug', 'name']).orderBy('id').execute();
    // The demo's topics of the register, and those it will surely be asked about.
    const used = await db
      .selectFrom('taggings')
      .select('tag_id')
      .distinct()
      .where('subject_type', '=', 'opportunity')
      .orderBy('tag_id')
      .execute();
    const createdAt = iso(this.nowMs - 8 * YEAR);
    const core = ['Digital transition', 'e-government', 'Open data'].map((label) => this.tag(label, createdAt));
    for (const { tag_id } of used) {
      const tag = this.pickable.find((t) => t.id === tag_id);
      if (tag && !core.includes(tag)) core.push(tag);
    }
    const label = (t: Tag) => ({ id: t.id, slug: t.slug, label: t.label ?? t.slug });
    const made = await makeFunding(
      this.out,
      {
        count: options.opportunities,
        randomSeed: options.randomSeed,
        nowMs: this.nowMs,
        programmes,
        coreTopics: core.map(label),
        pool: this.pickable.map(label),
        people: this.userPool,
        firstProgrammeId: (await this.maxId('funding_programmes')) + 1,
        firstOpportunityId: (await this.maxId('funding_opportunities')) + 1,
      },
      this.progress,
    );
    this.made.opportunities = made.opportunities;
  }

  /**
   * A line in each partnership's activity per published post, as publishPost records it (a
   * reference to the post, no title or link of its own), and per meeting held, as the meetings
   * module records it, oldest first.
   */
  private writeActivity(): void {
    const lines = this.activity
      .map((a, i) => ({ ...a, i }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i));
    for (const a of lines)
      this.out.add('partnership_activity', [
        a.partnershipId,
        a.at,
        a.actorId,
        a.kind,
        '',
        null,
        toFlag(a.membersOnly),
        a.subjectType,
        a.subjectId,
      ]);
  }
}

/** Lets the event loop run (the progress bar, signals) during a long load. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `total` split over `n` posts with log-normal weights (σ 1.6): the median post gets about
 * a fifth of the mean, the busiest a few hundred times it. Exact, by largest remainder.
 */
function allocate(r: Random, n: number, total: number): Int32Array {
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] = Math.exp(1.6 * r.normal());
  const counts = new Int32Array(n);
  const fractions = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * weights[i]!) / sum;
    counts[i] = Math.floor(exact);
    fractions[i] = exact - counts[i]!;
    given += counts[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => fractions[b]! - fractions[a]! || a - b);
  for (let k = 0; k < total - given; k++) counts[order[k % n]!]!++;
  return counts;
}

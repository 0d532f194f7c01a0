import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Urbis } from '../src/app.js';
import { fromFlag, toFlag } from '../src/core/db/dialect.js';
import type { Database } from '../src/core/db/types.js';
import { authenticate } from '../src/modules/accounts/index.js';
import { COUNTRY_CODES } from '../src/modules/funding/funding.tables.js';
import { loadOpportunities, tagSlugsOf } from '../src/modules/funding/funding.queries.js';
import { snapshotOf } from '../src/modules/funding/funding.service.js';
import { statusAt, statusFilter } from '../src/modules/funding/index.js';
import { ORGANISATION_KINDS } from '../src/modules/organisations/index.js';
import { BENCH_POSTS, SyntheticRefused, seedSynthetic, type SyntheticOptions } from '../src/synthetic/synthetic.js';
import { buildTestApp, forEachEngine } from './helpers/app.js';

const SMALL: SyntheticOptions = {
  posts: 200,
  comments: 2000,
  users: 50,
  partnerships: 3,
  tags: 20,
  meetings: 300,
  registrations: 6000,
  actions: 5,
  actionVersions: 6,
  opportunities: 400,
  randomSeed: 7,
};
const NOTHING: SyntheticOptions = {
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
  randomSeed: 1,
};
const TABLES = [
  'news_posts',
  'comments',
  'users',
  'partnerships',
  'tags',
  'taggings',
  'partnership_people',
  'partnership_activity',
  'comment_reports',
  'meetings',
  'meeting_registrations',
  'funding_opportunities',
  'funding_versions',
] as const;

type Counts = Record<(typeof TABLES)[number], number>;

async function counts(db: Kysely<Database>): Promise<Counts> {
  const result = {} as Counts;
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    result[table] = Number(rows[0]?.n);
  }
  return result;
}

async function one(db: Kysely<Database>, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n);
}

/** The comments of a benchmark post: total, top-level, and how many at each depth. */
async function benchThread(db: Kysely<Database>, slug: string) {
  const rows = await db
    .selectFrom('comments as c')
    .innerJoin('news_posts as p', 'p.id', 'c.subject_id')
    .select(['c.depth', 'c.deleted_at', 'c.hidden_at'])
    .where('c.subject_type', '=', 'post')
    .where('p.slug', '=', slug)
    .execute();
  const depths = new Map<number, number>();
  for (const r of rows) depths.set(r.depth, (depths.get(r.depth) ?? 0) + 1);
  return {
    total: rows.length,
    depths,
    hiddenOrDeleted: rows.filter((r) => r.deleted_at !== null || r.hidden_at !== null).length,
  };
}

/** Every thread as the comments module writes them. */
async function assertThreadsConsistent(db: Kysely<Database>): Promise<void> {
  assert.equal(
    await one(
      db,
      sql`select count(*) as n from comments c join comments p on p.id = c.parent_id
      where c.depth <> p.depth + 1 or c.root_id <> coalesce(p.root_id, p.id) or c.subject_type <> p.subject_type
        or c.subject_id <> p.subject_id or c.id < p.id or c.created_at < p.created_at`,
    ),
    0,
    'a reply is one deeper than its parent, in its thread, on its subject, and newer',
  );
  assert.equal(
    await one(
      db,
      sql`select count(*) as n from comments c join comments r on r.id = c.root_id
      where r.depth <> 0 or r.parent_id is not null
        or r.subject_type <> c.subject_type or r.subject_id <> c.subject_id`,
    ),
    0,
    'the root of a reply is a top-level comment of the same subject',
  );
  assert.equal(
    await one(
      db,
      sql`select count(*) as n from comments
      where (depth = 0 and (parent_id is not null or root_id is not null))
        or (depth > 0 and (parent_id is null or root_id is null))`,
    ),
    0,
    'top-level comments have no parent and no root; replies have both',
  );
  assert.equal(
    await one(
      db,
      sql`select count(*) as n from comments c
      where c.report_count <> (select count(*) from comment_reports r where r.comment_id = c.id)`,
    ),
    0,
    'report_count is the number of reports',
  );
}

interface Seeded {
  urbis: Urbis;
  before: Counts;
  after: Counts;
  maxPostBefore: number;
  maxMeetingBefore: number;
}

async function seedOnDemo(
  engine: Parameters<typeof buildTestApp>[1],
  cleanups: (() => Promise<void>)[],
): Promise<Seeded> {
  const urbis = await buildTestApp({ after: (fn: () => Promise<void>) => cleanups.push(fn) }, engine, { demo: true });
  const db = urbis.ctx.db;
  const before = await counts(db);
  const maxPostBefore = await one(db, sql`select max(id) as n from news_posts`);
  const maxMeetingBefore = await one(db, sql`select max(id) as n from meetings`);
  const result = await seedSynthetic(urbis.ctx, urbis.database, SMALL);
  assert.equal(result.benchPartnership, 'digital-transition');
  assert.deepEqual(
    {
      posts: result.posts,
      comments: result.comments,
      users: result.users,
      partnerships: result.partnerships,
      meetings: result.meetings,
      actions: result.actions,
      actionVersions: result.actionVersions,
      opportunities: result.opportunities,
    },
    {
      posts: 202,
      comments: 3050,
      users: 50,
      partnerships: 3,
      meetings: 300,
      actions: 15,
      actionVersions: 90,
      opportunities: 400,
    },
  );
  return { urbis, before, after: await counts(db), maxPostBefore, maxMeetingBefore };
}

forEachEngine('synthetic data', (engine) => {
  // The demo with a small synthetic data set, made once for the tests that only read it.
  let seeded: Seeded;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    seeded = await seedOnDemo(engine, cleanups);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  test(
    'on the demo: the counts asked for, two benchmark posts with exactly 50 and 1000 comments, ' +
      'consistent threads, tags and memberships',
    async () => {
      const { urbis, before, after, maxPostBefore } = seeded;
      const db = urbis.ctx.db;
      assert.equal(after.news_posts - before.news_posts, 202);
      assert.equal(after.comments - before.comments, 3050);
      assert.equal(after.users - before.users, 50);
      assert.equal(after.partnerships - before.partnerships, 3);
      assert.equal(after.tags - before.tags, 22, '20 new tags, and "Benchmark" and "Comments" for the benchmark posts');

      const small = await benchThread(db, BENCH_POSTS[0].slug);
      assert.equal(small.total, 50);
      assert.equal(small.depths.get(0), 40);
      const large = await benchThread(db, BENCH_POSTS[1].slug);
      assert.equal(large.total, 1000);
      assert.equal(large.depths.get(0), 700);
      assert.deepEqual([...large.depths.keys()].sort(), [0, 1, 2, 3], 'replies at depths 1 to 3');
      assert.equal(large.hiddenOrDeleted + small.hiddenOrDeleted, 0, 'every benchmark comment is visible');
      const benchPosts = await db
        .selectFrom('news_posts')
        .select(['status', 'members_only', 'published_at', 'body'])
        .where(
          'slug',
          'in',
          BENCH_POSTS.map((p) => p.slug),
        )
        .execute();
      for (const post of benchPosts) {
        assert.equal(post.status, 'published');
        assert.equal(fromFlag(post.members_only), false);
        assert.equal(new Date(post.published_at!).toISOString().slice(0, 10), '2020-01-01');
        assert.ok(post.body.length > 2000 && post.body.includes('\n## '), 'a Markdown body of some length');
      }

      await assertThreadsConsistent(db);

      // Posts: by members of their partnership, over every partnership, never in the future.
      assert.equal(
        await one(
          db,
          sql`select count(*) as n from news_posts p where p.id > ${maxPostBefore} and not exists
          (select 1 from partnership_people m where m.partnership_id = p.partnership_id and m.user_id = p.author_id)`,
        ),
        0,
        'authors are members of the partnership',
      );
      assert.equal(
        await one(db, sql`select count(distinct partnership_id) as n from news_posts where id > ${maxPostBefore}`),
        after.partnerships,
        'posts in every partnership',
      );
      const newest = await db
        .selectFrom('news_posts')
        .select((eb) => eb.fn.max('published_at').as('at'))
        .executeTakeFirstOrThrow();
      assert.ok(Date.parse(String(newest.at)) <= Date.now());
      const latestComment = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .executeTakeFirstOrThrow();
      assert.ok(Date.parse(String(latestComment.at)) <= Date.now());
      const mix = await db
        .selectFrom('news_posts')
        .select(['status', 'members_only'])
        .where('id', '>', maxPostBefore)
        .execute();
      const published = mix.filter((p) => p.status === 'published').length;
      assert.ok(published > 180 && published < 202, `most posts are published (${published})`);
      assert.ok(
        mix.some((p) => fromFlag(p.members_only)),
        'some are for members only',
      );

      // Taggings as setTaggings writes them, and the demo's "Digital transition" grown.
      const taggings = await db
        .selectFrom('taggings as g')
        .innerJoin('news_posts as p', 'p.id', 'g.subject_id')
        .select([
          'g.partnership_id as gp',
          'g.published_at as gat',
          'g.is_public',
          'p.partnership_id',
          'p.published_at',
          'p.status',
          'p.members_only',
        ])
        .where('g.subject_type', '=', 'post')
        .where('p.id', '>', maxPostBefore)
        .execute();
      assert.ok(taggings.length > 200);
      for (const g of taggings) {
        assert.equal(g.gp, g.partnership_id);
        assert.equal(Date.parse(g.gat), Date.parse(g.published_at ?? '9999-12-31T00:00:00.000Z'));
        assert.equal(fromFlag(g.is_public), g.status === 'published' && !fromFlag(g.members_only));
      }
      const digital = await one(
        db,
        sql`select count(*) as n from taggings g join tags t on t.id = g.tag_id where t.slug = 'digital-transition'`,
      );
      assert.ok(digital > 30, `the demo tag is used a lot (${digital})`);

      // Activity: one line per published post and per meeting held; members: every synthetic person in a partnership.
      const held = await one(
        db,
        sql`select count(*) as n from meetings where id > ${seeded.maxMeetingBefore} and status = 'scheduled'
        and id in (select subject_id from partnership_activity
        where kind = 'meetings.held' and subject_type = 'meeting')`,
      );
      assert.ok(held > 100, `meetings held have their line (${held})`);
      assert.equal(
        after.partnership_activity - before.partnership_activity,
        published + held,
        'one line per published post, the benchmark posts included, and one per synthetic meeting held',
      );
      assert.equal(
        await one(
          db,
          sql`select count(*) as n from users u where u.email like 'synthetic-%' and not exists
          (select 1 from partnership_people m where m.user_id = u.id)`,
        ),
        0,
      );
      assert.ok(
        (await one(
          db,
          sql`select count(*) as n from partnerships p where not exists
          (select 1 from partnership_people m where m.partnership_id = p.id and m.role = 'coordinator')`,
        )) === 0,
        'every partnership has a coordinator',
      );

      // The synthetic accounts sign in with the demo password (one hash, shared).
      for (const n of [1, 2, 50])
        assert.ok(await authenticate(db, `synthetic-${n}@synthetic.urbis.eu`, 'urbis-demo-2026'), `synthetic-${n}`);
      const profiles = await one(
        db,
        sql`select count(*) as n from people_profiles f join users u on u.id = f.user_id
        where u.email like 'synthetic-%'`,
      );
      assert.equal(profiles, 50);
    },
  );

  test('the app serves the benchmark posts, the grown tag page and news lists, and a synthetic person', async () => {
    const { urbis } = seeded;
    const get = (url: string) => urbis.app.inject({ method: 'GET', url });
    const large = await get('/en/partnerships/digital-transition/news/bench-1000-comments');
    assert.equal(large.statusCode, 200);
    assert.match(large.body, /Benchmark: a post with 1000 comments/);
    const thread = (
      await get(`/api/v1/comments?type=post&id=${await postId(urbis, 'bench-1000-comments')}`)
    ).json() as { total: number; items: unknown[] };
    assert.equal(thread.total, 1000);
    assert.equal(thread.items.length, 50, 'the first page of top-level comments');
    assert.equal((await get('/en/partnerships/digital-transition/news/bench-50-comments')).statusCode, 200);
    const tag = await get('/en/tags/digital-transition');
    assert.equal(tag.statusCode, 200);
    const tagJson = (await get('/api/v1/tags/digital-transition')).json() as { items: unknown[]; next: string | null };
    assert.equal(tagJson.items.length, 20, 'a full page');
    assert.ok(tagJson.next, 'and more');
    assert.equal((await get('/en/partnerships/digital-transition/news')).statusCode, 200);
    assert.equal((await get('/en/')).statusCode, 200);
    const [partnership] = await urbis.ctx.db
      .selectFrom('partnerships')
      .select('slug')
      .where('slug', 'like', 'synthetic-%')
      .orderBy('id')
      .limit(1)
      .execute();
    assert.ok(partnership);
    assert.equal((await get(`/en/partnerships/${partnership.slug}/news`)).statusCode, 200);
    assert.equal((await get(`/en/partnerships/${partnership.slug}/members`)).statusCode, 200);
    const [person] = await urbis.ctx.db
      .selectFrom('users')
      .select('handle')
      .where('email', '=', 'synthetic-3@synthetic.urbis.eu')
      .execute();
    assert.ok(person);
    assert.equal((await get(`/en/people/${person.handle}`)).statusCode, 200);
  });

  test('meetings: numbered series after the demo, registrations as the meetings module keeps them', async () => {
    const { urbis, before, after, maxMeetingBefore } = seeded;
    const db = urbis.ctx.db;
    assert.equal(after.meetings - before.meetings, 300);
    assert.equal(
      after.meeting_registrations - before.meeting_registrations,
      SMALL.registrations,
      'every registration asked for',
    );
    // Each partnership's series goes on from its last number, without gaps or repeats.
    const series = await db
      .selectFrom('meetings as m')
      .select([
        'm.partnership_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.min('m.number').as('first'),
        (eb) => eb.fn.max('m.number').as('last'),
        (eb) =>
          eb
            .selectFrom('meetings as d')
            .select((e) => e.fn.max('d.number').as('x'))
            .whereRef('d.partnership_id', '=', 'm.partnership_id')
            .where('d.id', '<=', maxMeetingBefore)
            .as('before'),
      ])
      .where('m.id', '>', maxMeetingBefore)
      .groupBy('m.partnership_id')
      .execute();
    assert.ok(series.length >= 4, 'meetings in every partnership with members');
    for (const s of series) {
      assert.equal(Number(s.first), Number(s.before ?? 0) + 1, `partnership ${s.partnership_id}: after its last`);
      assert.equal(Number(s.last) - Number(s.first) + 1, Number(s.n), `partnership ${s.partnership_id}: no gap`);
    }
    const dtp = await one(
      db,
      sql`select count(*) as n from meetings m join partnerships p on p.id = m.partnership_id
      where p.slug = 'digital-transition' and m.id > ${maxMeetingBefore}`,
    );
    assert.ok(dtp > 30, `the Digital Transition Partnership holds more than others (${dtp})`);
    const now = new Date().toISOString();
    assert.ok((await one(db, sql`select count(*) as n from meetings where starts_at > ${now}`)) > 10, 'some upcoming');
    assert.equal(
      await one(db, sql`select count(*) as n from meetings where ends_at <= starts_at`),
      0,
      'every meeting ends after it starts',
    );
    assert.equal(
      await one(
        db,
        sql`select count(*) as n from meetings where id > ${maxMeetingBefore} and city = '' and online_url is null`,
      ),
      0,
      'a city or an online link',
    );
    // Members-only meetings: only members registered; seats never over-filled; attendance only after.
    assert.equal(
      await one(
        db,
        sql`select count(*) as n from meeting_registrations r join meetings m on m.id = r.meeting_id
        where m.members_only = ${toFlag(true)} and not exists (select 1 from partnership_people pp
        where pp.partnership_id = m.partnership_id and pp.user_id = r.user_id)`,
      ),
      0,
    );
    assert.equal(
      await one(
        db,
        sql`select count(*) as n from meetings m where m.capacity is not null and m.capacity <
        (select count(*) from meeting_registrations r where r.meeting_id = m.id and r.status = 'registered')`,
      ),
      0,
      'no meeting has more seats taken than it has',
    );
    assert.ok(
      (await one(db, sql`select count(*) as n from meeting_registrations where status = 'waiting'`)) > 0,
      'some wait for a seat',
    );
    assert.equal(
      await one(
        db,
        sql`select count(*) as n from meeting_registrations r join meetings m on m.id = r.meeting_id
        where r.attended is not null and (m.starts_at > ${now} or r.status <> 'registered')`,
      ),
      0,
    );
    assert.equal(
      await one(db, sql`select count(*) as n from meeting_registrations where created_at > ${now}`),
      0,
      'no registration in the future',
    );
    // The pages and the API read them.
    const get = (url: string) => urbis.app.inject({ method: 'GET', url });
    const list = await get('/en/partnerships/digital-transition/meetings');
    assert.equal(list.statusCode, 200);
    const api = (await get('/api/v1/partnerships/digital-transition/meetings')).json() as {
      upcoming: { number: number }[];
    };
    assert.ok(api.upcoming.length > 0, 'upcoming meetings listed');
    const number = api.upcoming[0]!.number;
    assert.equal((await get(`/en/partnerships/digital-transition/meetings/${number}`)).statusCode, 200);
    assert.equal((await get('/en/partnerships/digital-transition/meetings.ics')).statusCode, 200);
  });

  test('actions: plans with histories as the actions module keeps them, and the counters add up', async () => {
    const { urbis } = seeded;
    const db = urbis.ctx.db;
    const synthetic = await db.selectFrom('partnerships').select('id').where('slug', 'like', 'synthetic-%').execute();
    assert.equal(synthetic.length, 3);
    for (const { id } of synthetic) {
      const numbers = await db.selectFrom('actions').select('number').where('partnership_id', '=', id).execute();
      assert.deepEqual(
        numbers.map((n) => n.number).sort((a, b) => a - b),
        [1, 2, 3, 4, 5],
      );
    }
    // Every action: 6 versions numbered 1…6; the last is the action as it is, at its last update.
    assert.equal(
      await one(
        db,
        sql`select count(*) as n from actions a where a.partnership_id in (select id from partnerships
        where slug like 'synthetic-%') and (select count(*) from action_versions v where v.action_id = a.id) <> 6`,
      ),
      0,
    );
    const lasts = await db
      .selectFrom('actions as a')
      .innerJoin('action_versions as v', 'v.action_id', 'a.id')
      .select(['a.status', 'a.progress', 'a.updated_at', 'a.members_only', 'v.at', 'v.snapshot'])
      .where('v.version', '=', 6)
      .execute();
    assert.equal(lasts.length, 15);
    for (const l of lasts) {
      const snapshot = (typeof l.snapshot === 'string' ? JSON.parse(l.snapshot) : l.snapshot) as Record<
        string,
        unknown
      >;
      assert.equal(snapshot.status, l.status);
      assert.equal(snapshot.progress, l.progress);
      assert.equal(snapshot.membersOnly, fromFlag(l.members_only));
      assert.equal(Date.parse(l.at), Date.parse(l.updated_at));
      assert.ok(Date.parse(l.at) <= Date.now());
    }
    // The counters: what the dashboard's "progress over time" adds up to is each plan as it is now.
    for (const { id } of synthetic) {
      const counters = await db
        .selectFrom('action_progress_months')
        .select([(eb) => eb.fn.sum<number>('progress_sum').as('sum'), (eb) => eb.fn.sum<number>('actions').as('n')])
        .where('partnership_id', '=', id)
        .executeTakeFirstOrThrow();
      const actions = await db
        .selectFrom('actions')
        .select(['status', 'progress'])
        .where('partnership_id', '=', id)
        .where('status', 'not in', ['merged', 'cancelled'])
        .execute();
      assert.equal(Number(counters.n), actions.length);
      assert.equal(
        Number(counters.sum),
        actions.reduce((s, a) => s + a.progress, 0),
      );
    }
    const dashboard = await urbis.app.inject('/api/v1/actions/dashboard');
    assert.equal(dashboard.statusCode, 200);
    assert.ok((dashboard.json() as { byPartnership: unknown[] }).byPartnership.length >= 4);
    const [first] = await db.selectFrom('partnerships').select('slug').where('id', '=', synthetic[0]!.id).execute();
    assert.equal((await urbis.app.inject(`/en/partnerships/${first!.slug}/actions/dashboard`)).statusCode, 200);
    assert.equal((await urbis.app.inject('/en/actions')).statusCode, 200);
  });

  test(
    'funding: items as createOpportunity writes them (closes_at, one version with its snapshot, taggings), ' +
      'every status around now, the demo topics among theirs',
    async () => {
      const { urbis, before, after } = seeded;
      const db = urbis.ctx.db;
      assert.equal(after.funding_opportunities - before.funding_opportunities, 400);
      assert.equal(after.funding_versions - before.funding_versions, 400, 'one version each');
      const items = await db
        .selectFrom('funding_opportunities')
        .select('id')
        .where('external_id', 'like', 'synthetic-%')
        .execute();
      assert.equal(items.length, 400);
      const ids = items.map((i) => i.id);
      // closes_at is the last deadline; deadlines in order, after the opening; version 1 each.
      assert.equal(
        await one(
          db,
          sql`select count(*) as n from funding_opportunities o where o.external_id like 'synthetic-%' and (
            o.version <> 1 or o.updated_at <> o.created_at
            or coalesce(o.closes_at, o.created_at) <> coalesce((select max(d.at) from funding_deadlines d
              where d.opportunity_id = o.id), o.created_at)
            or (o.closes_at is null) <> not exists (select 1 from funding_deadlines d where d.opportunity_id = o.id)
            or exists (select 1 from funding_deadlines d where d.opportunity_id = o.id and d.at <= o.opens_at)
            or exists (select 1 from funding_deadlines d join funding_deadlines e on e.opportunity_id = d.opportunity_id
              and e.position = d.position + 1 where d.opportunity_id = o.id and e.at <= d.at)
            or (select count(*) from funding_versions v where v.opportunity_id = o.id and v.version = 1
              and v.at = o.created_at) <> 1)`,
        ),
        0,
      );
      // Each version's snapshot is what snapshotOf makes of the item as the register reads it.
      const loaded = await loadOpportunities(db, ids);
      for (const o of loaded.filter((_, i) => i % 7 === 0)) {
        const version = await db
          .selectFrom('funding_versions')
          .select(['snapshot', 'user_id'])
          .where('opportunity_id', '=', o.id)
          .executeTakeFirstOrThrow();
        const snapshot = typeof version.snapshot === 'string' ? JSON.parse(version.snapshot) : version.snapshot;
        assert.deepEqual(
          snapshot,
          JSON.parse(JSON.stringify(snapshotOf(o, await tagSlugsOf(db, o.id)))),
          `item ${o.id}`,
        );
        assert.equal(version.user_id, o.suggestedBy);
        assert.ok(o.eligibility.kinds.every((k) => (ORGANISATION_KINDS as readonly string[]).includes(k)));
        assert.ok(o.eligibility.countries.every((c) => COUNTRY_CODES.has(c)));
        assert.ok(Date.parse(o.createdAt) < Date.now());
      }
      // Taggings as setTaggings writes them: no partnership, published at creation, public when published; 1–4 topics.
      const taggings = await db
        .selectFrom('taggings as g')
        .innerJoin('funding_opportunities as o', 'o.id', 'g.subject_id')
        .select(['g.partnership_id', 'g.published_at', 'g.is_public', 'o.created_at', 'o.state', 'o.id'])
        .where('g.subject_type', '=', 'opportunity')
        .where('o.id', 'in', ids)
        .execute();
      for (const g of taggings) {
        assert.equal(g.partnership_id, null);
        assert.equal(Date.parse(g.published_at), Date.parse(g.created_at));
        assert.equal(fromFlag(g.is_public), g.state === 'published');
      }
      const perItem = new Map<number, number>();
      for (const g of taggings) perItem.set(g.id, (perItem.get(g.id) ?? 0) + 1);
      assert.equal(perItem.size, 400, 'every item has topics');
      assert.ok([...perItem.values()].every((n) => n >= 1 && n <= 4));
      const topics = await db
        .selectFrom('taggings as g')
        .innerJoin('tags as t', 't.id', 'g.tag_id')
        .select('t.slug')
        .distinct()
        .where('g.subject_type', '=', 'opportunity')
        .where('g.subject_id', 'in', ids)
        .execute();
      for (const slug of ['digital-transition', 'e-government', 'open-data'])
        assert.ok(
          topics.some((t) => t.slug === slug),
          slug,
        );
      assert.ok(topics.length > 30, `topics from a large pool (${topics.length})`);
      // Statuses: most closed, and every other one present; the rule in SQL agrees.
      const now = new Date();
      const days = urbis.ctx.config.fundingClosingSoonDays;
      const statuses = new Map<string, number>();
      for (const o of loaded) {
        const status = statusAt(o, now, days);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      assert.ok(
        statuses.get('closed')! > 280 && statuses.get('closed')! < 380,
        `mostly closed (${statuses.get('closed')})`,
      );
      for (const status of ['open', 'closing_soon', 'forthcoming'] as const) {
        assert.ok((statuses.get(status) ?? 0) > 0, status);
        const inSql = await db
          .selectFrom('funding_opportunities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'in', ids)
          .where((eb) => statusFilter(eb, [status], now, days))
          .executeTakeFirstOrThrow();
        assert.equal(Number(inSql.n), statuses.get(status), status);
      }
      assert.ok(
        loaded.some((o) => o.deadlines.length > 1),
        'some have several deadlines',
      );
      assert.ok(
        loaded.some((o) => o.programme?.slug === 'horizon-europe'),
        "the demo's programmes",
      );
      assert.ok(
        loaded.some((o) => o.programme?.slug.startsWith('synthetic-')),
        'and synthetic ones',
      );
      assert.ok(loaded.some((o) => o.kind === 'policy') && loaded.some((o) => o.kind === 'tender'));
      assert.equal((await urbis.app.inject('/en/tags/digital-transition')).statusCode, 200);
    },
  );

  test('a second run is refused and changes nothing', async () => {
    const { urbis, after } = seeded;
    await assert.rejects(
      seedSynthetic(urbis.ctx, urbis.database, SMALL),
      (error: unknown) => error instanceof SyntheticRefused && /bench-50-comments exists/.test(error.message),
    );
    await assert.rejects(seedSynthetic(urbis.ctx, urbis.database, NOTHING), SyntheticRefused);
    assert.deepEqual(await counts(urbis.ctx.db), after);
  });

  test(
    'with every count 0 on the demo: only the two benchmark posts, ' + 'in the Digital Transition Partnership',
    async (t) => {
      const urbis = await buildTestApp(t, engine, { demo: true });
      const before = await counts(urbis.ctx.db);
      const result = await seedSynthetic(urbis.ctx, urbis.database, NOTHING);
      assert.equal(result.benchPartnership, 'digital-transition');
      const after = await counts(urbis.ctx.db);
      assert.deepEqual(
        {
          posts: after.news_posts - before.news_posts,
          comments: after.comments - before.comments,
          users: after.users - before.users,
          partnerships: after.partnerships - before.partnerships,
        },
        { posts: 2, comments: 1050, users: 0, partnerships: 0 },
      );
      assert.equal((await benchThread(urbis.ctx.db, 'bench-1000-comments')).total, 1000);
      assert.equal((await benchThread(urbis.ctx.db, 'bench-50-comments')).total, 50);
      await assertThreadsConsistent(urbis.ctx.db);
      // The seed post stays among the newest public news on the home page.
      assert.match(
        (await urbis.app.inject({ method: 'GET', url: '/en/' })).body,
        /Luxembourg meeting on implementing and scaling up the actions/,
      );
    },
  );

  test(
    'without the demo: the benchmark posts go to the first synthetic partnership; ' +
      'nothing to attach them to is refused',
    async (t) => {
      const empty = await buildTestApp(t, engine);
      await assert.rejects(seedSynthetic(empty.ctx, empty.database, NOTHING), /no accounts/);
      await assert.rejects(seedSynthetic(empty.ctx, empty.database, { ...NOTHING, users: 3 }), /no partnership/);
      assert.equal((await counts(empty.ctx.db)).users, 0, 'nothing stored');
      const result = await seedSynthetic(empty.ctx, empty.database, {
        ...SMALL,
        posts: 30,
        comments: 300,
        users: 10,
        partnerships: 2,
      });
      const [first] = await empty.ctx.db.selectFrom('partnerships').select('slug').orderBy('id').limit(1).execute();
      assert.equal(result.benchPartnership, first?.slug);
      assert.match(result.benchPartnership, /^synthetic-/);
      const page = await empty.app.inject({
        method: 'GET',
        url: `/en/partnerships/${result.benchPartnership}/news/bench-1000-comments`,
      });
      assert.equal(page.statusCode, 200);
      await assertThreadsConsistent(empty.ctx.db);
      // PostgreSQL's sequences were moved past the ids the generator set: new rows still get ids.
      const id = await empty.ctx.db
        .insertInto('tags')
        .values({ slug: 'after-the-load', created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.ok(id.id > 0);
    },
  );

  test('the same random seed makes the same data; another seed other data', async (t) => {
    const now = new Date('2026-06-01T12:00:00.000Z');
    const options = { ...SMALL, posts: 60, comments: 600, users: 12, now };
    const digests: string[] = [];
    for (const randomSeed of [11, 11, 12]) {
      const urbis = await buildTestApp(t, engine);
      await seedSynthetic(urbis.ctx, urbis.database, { ...options, randomSeed });
      digests.push(await digest(urbis.ctx.db));
    }
    assert.equal(digests[0], digests[1]);
    assert.notEqual(digests[0], digests[2]);
  });
});

async function postId(urbis: Urbis, slug: string): Promise<number> {
  const row = await urbis.ctx.db
    .selectFrom('news_posts')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fingerprint of the generated rows (the password hash aside: argon2 salts it at random). */
async function digest(db: Kysely<Database>): Promise<string> {
  const hash = createHash('sha256');
  const add = (rows: unknown[]) => hash.update(JSON.stringify(rows));
  add(
    await db
      .selectFrom('users')
      .select(['id', 'handle', 'email', 'display_name', 'locale', 'created_at'])
      .orderBy('id')
      .execute(),
  );
  add(await db.selectFrom('people_profiles').selectAll().orderBy('user_id').execute());
  add(await db.selectFrom('partnerships').selectAll().orderBy('id').execute());
  add(await db.selectFrom('partnership_people').selectAll().orderBy('partnership_id').orderBy('user_id').execute());
  add(await db.selectFrom('tags').selectAll().orderBy('id').execute());
  add(await db.selectFrom('news_posts').selectAll().orderBy('id').execute());
  add(
    await db
      .selectFrom('taggings')
      .select(['tag_id', 'subject_id', 'position', 'published_at', 'is_public'])
      .orderBy('subject_id')
      .orderBy('position')
      .execute(),
  );
  add(await db.selectFrom('comments').selectAll().orderBy('id').execute());
  add(await db.selectFrom('comment_reports').selectAll().orderBy('comment_id').orderBy('reporter_id').execute());
  add(await db.selectFrom('actions').selectAll().orderBy('id').execute());
  add(
    await db.selectFrom('action_versions').select(['action_id', 'version', 'at', 'snapshot']).orderBy('id').execute(),
  );
  add(await db.selectFrom('action_progress_months').selectAll().orderBy('partnership_id').orderBy('month').execute());
  add(await db.selectFrom('funding_programmes').selectAll().orderBy('id').execute());
  add(await db.selectFrom('funding_opportunities').selectAll().orderBy('id').execute());
  add(await db.selectFrom('funding_deadlines').selectAll().orderBy('opportunity_id').orderBy('position').execute());
  add(
    await db
      .selectFrom('funding_eligibility')
      .selectAll()
      .orderBy('opportunity_id')
      .orderBy('dimension')
      .orderBy('value')
      .execute(),
  );
  return hash.digest('hex');
}

test(
  '`urbis seed --demo --synthetic` loads both, says what it made, ' + 'checks its options and refuses a second load',
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'urbis-synthetic-'));
    const urbis = (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, URBIS_DATA_DIR: dir, LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      return spawnSync(process.execPath, [path.resolve('bin/urbis.mjs'), 'seed', ...args], {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
    };
    try {
      const wrong = urbis('--synthetic', '--posts', '1.5');
      assert.equal(wrong.status, 2);
      assert.match(wrong.stderr, /--posts must be a whole number, 0 or more \(got "1\.5"\)/);
      const small = [
        '--posts',
        '20',
        '--comments',
        '100',
        '--users',
        '5',
        '--partnerships',
        '1',
        '--tags',
        '3',
        '--meetings',
        '12',
        '--registrations',
        '90',
        '--actions',
        '2',
        '--action-versions',
        '3',
        '--opportunities',
        '25',
        '--no-progress',
      ];
      const both = urbis('--demo', '--synthetic', ...small);
      assert.equal(both.status, 0, both.stderr);
      assert.match(
        both.stdout,
        new RegExp(
          /Demo data loaded\.\nSynthetic data loaded: /.source +
            /22 posts, 1,150 comments, 5 users, 1 partnerships, 5 tags, 12 meetings, 90 registrations, /.source +
            /2 actions with 6 versions, 25 funding opportunities in [\d.]+ s/.source,
        ),
      );
      assert.equal(both.stderr, '', 'no progress bar');
      const again = urbis('--synthetic', ...small);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /already/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

// Following, on both engines: following and stopping each type by form and by API, only what one may
// see; the page of what one follows; authors following what they create; and the fan-out: a post in a
// followed partnership tells each follower once, never its author, never someone who may not see it,
// and a scheduled post tells at its time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toFlag } from '../../core/db/dialect.js';
import { JobRunner } from '../../core/jobs/queue.js';
import { createLogger } from '../../core/logger.js';
import type { ModuleContext } from '../../core/module.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { setUp } from '../../../test/support/news.js';
import { createAction, changeAction } from '../actions/index.js';
import { createUser } from '../accounts/index.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { addOpportunity, changeOpportunity, createPost, publishPost } from '../../../test/support/follows.js';
import { TELL_JOB, runTellJob } from './follows.service.js';

/** A meeting as the planning API takes it. */
const MEETING = {
  title: 'Working meeting on data spaces',
  starts_at: '2031-03-30T09:30',
  ends_at: '2031-03-30T16:00',
  time_zone: 'Europe/Tallinn',
  venue: 'Kultuurikatel',
  address: 'Põhja puiestee 27a',
  city: 'Tallinn',
  country: 'ee',
  online_url: '',
  description: 'What data spaces mean for cities.',
  tags: 'data',
  lang: 'en',
};

/** A runner of the follows jobs alone (the fan-out), over the app's context. */
const tellRunner = (ctx: ModuleContext, size?: number) =>
  new JobRunner(
    ctx.db,
    ctx.dialect,
    new Map([[TELL_JOB, (p: unknown) => runTellJob(ctx, p, size)]]),
    createLogger('silent'),
  );

/** Someone's notifications of a kind. */
const notes = (ctx: ModuleContext, userId: number, kind: string) =>
  ctx.db
    .selectFrom('notifications')
    .select(['kind', 'subject', 'path'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .execute();

async function ids(ctx: ModuleContext) {
  const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
  const tag = await ctx.db
    .selectFrom('tags')
    .select('id')
    .where('slug', '=', 'digital-transition')
    .executeTakeFirstOrThrow();
  const action = await ctx.db
    .selectFrom('actions')
    .select('id')
    .where('partnership_id', '=', dtp)
    .where('members_only', '=', toFlag(false))
    .orderBy('number')
    .executeTakeFirstOrThrow();
  const meeting = await ctx.db
    .selectFrom('meetings')
    .select('id')
    .where('partnership_id', '=', dtp)
    .where('members_only', '=', toFlag(false))
    .orderBy('number')
    .executeTakeFirstOrThrow();
  const opportunity = await ctx.db
    .selectFrom('funding_opportunities')
    .select('id')
    .where('state', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return { dtp, tag: tag.id, action: action.id, meeting: meeting.id, opportunity: opportunity.id };
}

forEachEngine('follows', (engine) => {
  test('follow and stop following each type, by form and by API; what one may see only', async (t) => {
    const { urbis, as, ids: people } = await setUp(t, engine);
    const { ctx, app } = urbis;
    const things = await ids(ctx);

    // Visitors: sent to sign in, or refused.
    const page = await as.visitor.get('/en/follows');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/en/sign-in?next=%2Fen%2Ffollows');
    assert.equal(
      (await app.inject({ method: 'PUT', url: `/api/v1/follows/partnership/${things.dtp}` })).statusCode,
      401,
    );
    // A visitor sees a link to sign in on the hub, which comes back.
    assert.match(
      (await as.visitor.get('/en/partnerships/digital-transition')).body,
      /<a href="\/en\/sign-in\?next=%2Fen%2Fpartnerships%2Fdigital-transition">Sign in to follow<\/a>/,
    );

    // By form: the hub's button, back to the hub, then saying so.
    const hub = await as.member.get('/en/partnerships/digital-transition');
    assert.match(hub.body, /<form method="post" action="\/en\/follows"[^>]*>/);
    assert.match(hub.body, />Follow<\/button>/);
    const followed = await as.member.post('/en/follows', {
      type: 'partnership',
      id: String(things.dtp),
      back: '/en/partnerships/digital-transition',
    });
    assert.equal(followed.statusCode, 303);
    assert.equal(followed.headers.location, '/en/partnerships/digital-transition');
    const again = await as.member.get('/en/partnerships/digital-transition');
    assert.match(again.body, /action="\/en\/follows\/remove"/);
    assert.match(again.body, />Following — stop following<\/button>/);
    // A `back` elsewhere goes to the page of what one follows.
    const offsite = await as.member.post('/en/follows', {
      type: 'partnership',
      id: String(things.dtp),
      back: '//evil.example/en/',
    });
    assert.equal(offsite.headers.location, '/en/follows?done=followed');

    // By API, each type: 201, 200 again, GET, listed, DELETE, 404 again.
    const token = (await createAccessToken(ctx, people.member, 'follows')).token;
    const api = (method: 'GET' | 'PUT' | 'DELETE', url: string) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
    const each: [string, number, RegExp][] = [
      ['tag', things.tag, /^\/tags\/digital-transition$/],
      ['person', people.coordinator, /^\/people\/kaja$/],
      ['action', things.action, /^\/partnerships\/digital-transition\/actions\/\d+$/],
      ['meeting', things.meeting, /^\/partnerships\/digital-transition\/meetings\/\d+$/],
      ['opportunity', things.opportunity, /^\/funding\/\d+$/],
    ];
    for (const [type, id, path] of each) {
      const url = `/api/v1/follows/${type}/${id}`;
      assert.equal((await api('GET', url)).statusCode, 404, `${type}: not followed yet`);
      const put = await api('PUT', url);
      assert.equal(put.statusCode, 201, `${type}: ${put.body}`);
      assert.match(put.json().path, path);
      assert.equal((await api('PUT', url)).statusCode, 200, `${type}: once`);
      assert.equal((await api('GET', url)).json().type, type);
    }
    const list = await api('GET', '/api/v1/follows');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list
        .json()
        .items.map((i: { type: string }) => i.type)
        .sort(),
      ['action', 'meeting', 'opportunity', 'partnership', 'person', 'tag'],
    );
    const paged = await api('GET', '/api/v1/follows?limit=2');
    assert.equal(paged.json().items.length, 2);
    const next = await api('GET', `/api/v1/follows?limit=10&after=${encodeURIComponent(paged.json().next)}`);
    assert.equal(next.json().items.length, 4, 'the rest, from the cursor');
    assert.equal((await api('GET', '/api/v1/follows?after=1.2147483648')).statusCode, 400);

    // The page of what one follows: grouped, each with its button.
    const mine = await as.member.get('/en/follows');
    assert.equal(mine.statusCode, 200);
    for (const heading of ['Partnerships', 'Tags', 'People', 'Actions', 'Meetings', 'Funding opportunities'])
      assert.match(mine.body, new RegExp(`<h2 id="follows-[a-z]+">${heading}</h2>`));
    assert.match(mine.body, /Stop following “Kaja Tamm”/);
    const czech = await as.member.get('/cs/follows');
    assert.match(czech.body, /<h1>Co sleduji<\/h1>/);

    // Each page shows its state.
    assert.match((await as.member.get('/en/tags/digital-transition')).body, /Following — stop following/);
    assert.match((await as.member.get('/en/people/kaja')).body, /Following — stop following/);
    // An opportunity's page keeps the funding register's own button only (never two for one item).
    const item = (await as.member.get(`/en/funding/${things.opportunity}`)).body;
    assert.doesNotMatch(item, /action="\/en\/follows"/);
    assert.match(item, /action="\/en\/funding\/follows"/);
    assert.doesNotMatch((await as.member.get('/en/people/lotte')).body, /action="\/en\/follows/, 'not oneself');

    // Stopping: by form back to the page of what one follows, by API.
    const stopped = await as.member.post('/en/follows/remove', {
      type: 'person',
      id: String(people.coordinator),
      back: '/en/follows',
    });
    assert.equal(stopped.headers.location, '/en/follows?done=unfollowed');
    assert.match((await as.member.get('/en/follows?done=unfollowed')).body, /You no longer follow it\./);
    assert.equal((await api('DELETE', `/api/v1/follows/tag/${things.tag}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/api/v1/follows/tag/${things.tag}`)).statusCode, 404);

    // What one may not see is not there: a members-only action for someone outside the partnership.
    const secret = await createAction(
      ctx.db,
      { partnershipId: things.dtp, title: 'A members-only action', lang: 'en', status: 'planned', membersOnly: true },
      { userId: people.coordinator, at: new Date().toISOString() },
    );
    const outsider = (await createAccessToken(ctx, people.outsider, 'follows')).token;
    const put = (who: string, url: string) =>
      app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${who}` } });
    assert.equal((await put(outsider, `/api/v1/follows/action/${secret.id}`)).statusCode, 404);
    assert.equal((await put(token, `/api/v1/follows/action/${secret.id}`)).statusCode, 201, 'a member may');
    const refused = await as.outsider.post('/en/follows', { type: 'action', id: String(secret.id) });
    assert.equal(refused.statusCode, 404);
    for (const url of ['/api/v1/follows/nothing/1', '/api/v1/follows/action/999999', '/api/v1/follows/person/0'])
      assert.equal((await put(token, url)).statusCode, 404, url);

    // Personal data: exported, and erased (one's follows and others' of oneself).
    const exported = await ctx.modules.find((m) => m.id === 'follows')!.personalData!.export(ctx, people.member);
    assert.ok((exported.follows as unknown[]).length >= 5);
    await ctx.modules.find((m) => m.id === 'follows')!.personalData!.erase(ctx, people.coordinator);
    const left = await ctx.db.selectFrom('follows').select('id').where('target_type', '=', 'person').execute();
    assert.equal(left.length, 0);
  });

  test('authors follow what they create; a status change tells the action’s followers, not its author', async (t) => {
    const { urbis, ids: people } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const action = await createAction(
      ctx.db,
      { partnershipId: dtp, title: 'Open data for small towns', lang: 'en', status: 'planned' },
      { userId: people.coordinator, at: new Date().toISOString() },
    );
    const follows = await ctx.db.selectFrom('follows').selectAll().where('user_id', '=', people.coordinator).execute();
    assert.deepEqual(
      follows.map((f) => [f.target_type, f.target_id]),
      [['action', action.id]],
    );
    await changeAction(
      ctx.db,
      action.id,
      { status: 'in_progress' },
      { userId: people.otherMember, at: new Date().toISOString() },
    );
    await tellRunner(ctx).runDue();
    const told = await notes(ctx, people.coordinator, 'actions.notification.followedStatus');
    assert.equal(told.length, 1);
    assert.equal(told[0]!.subject, 'Open data for small towns');
    assert.equal((await notes(ctx, people.otherMember, 'actions.notification.followedStatus')).length, 0);
  });

  test('a post in a followed partnership: each follower once, not its author, only who may see it', async (t) => {
    const { urbis, ids: people } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const tag = await ctx.db
      .selectFrom('tags')
      .select('id')
      .where('slug', '=', 'digital-transition')
      .executeTakeFirstOrThrow();
    const follow = (userId: number, type: 'partnership' | 'tag' | 'person', id: number) =>
      ctx.db
        .insertInto('follows')
        .values({ user_id: userId, target_type: type, target_id: id, created_at: new Date().toISOString() })
        .execute();
    // The member follows the partnership, the tag and the coordinator: still one note.
    await follow(people.member, 'partnership', dtp);
    await follow(people.member, 'tag', tag.id);
    await follow(people.member, 'person', people.coordinator);
    await follow(people.outsider, 'partnership', dtp);
    await follow(people.coordinator, 'partnership', dtp);
    const runner = tellRunner(ctx);
    const written = (title: string, membersOnly: boolean) => ({
      title,
      summary: 'A summary.',
      body: 'The body.',
      lang: 'en',
      tags: ['Digital transition'],
      membersOnly,
    });

    const open = await createPost(ctx, dtp, people.coordinator, written('Open call for pilots', false));
    await publishPost(ctx, open, new Date(), people.coordinator);
    await runner.runDue();
    const kind = 'news.notification.followedPost';
    assert.deepEqual(
      (await notes(ctx, people.member, kind)).map((n) => n.subject),
      ['Open call for pilots'],
    );
    assert.match((await notes(ctx, people.member, kind))[0]!.path, /^\/partnerships\/digital-transition\/news\//);
    assert.equal((await notes(ctx, people.outsider, kind)).length, 1, 'a public post: anyone following');
    assert.equal((await notes(ctx, people.coordinator, kind)).length, 0, 'not its author');

    const closed = await createPost(ctx, dtp, people.coordinator, written('Notes for members', true));
    await publishPost(ctx, closed, new Date(), people.coordinator);
    await runner.runDue();
    assert.equal((await notes(ctx, people.member, kind)).length, 2);
    assert.equal((await notes(ctx, people.outsider, kind)).length, 1, 'not a members-only post outside');

    // Scheduled: nothing before its time; at its time, the followers are told.
    const later = await createPost(ctx, dtp, people.coordinator, written('Coming soon', false));
    const at = new Date(Date.now() + 60 * 60_000);
    await publishPost(ctx, later, at, people.coordinator);
    await runner.runDue();
    assert.equal((await notes(ctx, people.member, kind)).length, 2, 'not yet');
    const job = await ctx.db
      .selectFrom('core_jobs')
      .select(['id', 'run_at'])
      .where('kind', '=', TELL_JOB)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    assert.equal(new Date(job.run_at).toISOString(), at.toISOString(), 'queued for its time');
    // Its time comes (the post is out: published in the past, the job due).
    const past = new Date(Date.now() - 1000).toISOString();
    await ctx.db.updateTable('news_posts').set({ published_at: past }).where('id', '=', later.id).execute();
    await ctx.db.updateTable('core_jobs').set({ run_at: past }).where('id', '=', job.id).execute();
    await runner.runDue();
    assert.deepEqual((await notes(ctx, people.member, kind)).map((n) => n.subject).sort(), [
      'Coming soon',
      'Notes for members',
      'Open call for pilots',
    ]);
  });

  test('the fan-out goes in batches: every follower once, however many', async (t) => {
    const { urbis, ids: people } = await setUp(t, engine);
    const { ctx } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    const many: number[] = [];
    for (let i = 0; i < 8; i++)
      many.push(
        await createUser(ctx.db, {
          email: `reader${i}@example.eu`,
          handle: `reader${i}`,
          displayName: `Reader ${i}`,
          password: 'a long enough password for tests',
        }),
      );
    await ctx.db
      .insertInto('follows')
      .values(
        many.map((user_id) => ({
          user_id,
          target_type: 'partnership' as const,
          target_id: dtp,
          created_at: new Date().toISOString(),
        })),
      )
      .execute();
    const post = await createPost(ctx, dtp, people.coordinator, {
      title: 'For everyone',
      summary: 'A summary.',
      body: 'The body.',
      lang: 'en',
      tags: [],
      membersOnly: false,
    });
    await publishPost(ctx, post, new Date(), people.coordinator);
    // Three at a time: three jobs, each queueing the next.
    const runner = tellRunner(ctx, 3);
    while ((await runner.runDue(1)) > 0);
    const jobs = await ctx.db.selectFrom('core_jobs').select('status').where('kind', '=', TELL_JOB).execute();
    assert.deepEqual(
      jobs.map((j) => j.status),
      ['done', 'done', 'done'],
    );
    const rows = await ctx.db
      .selectFrom('notifications')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('user_id').distinct().as('people')])
      .where('kind', '=', 'news.notification.followedPost')
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), many.length);
    assert.equal(Number(rows.people), many.length);
  });

  test('a meeting planned: the partnership’s followers told; its planner follows it, told when it moves', async (t) => {
    const { urbis, ids: people } = await setUp(t, engine);
    const { ctx, app } = urbis;
    const dtp = (await partnershipIdOf(ctx.db, 'digital-transition'))!;
    await ctx.db
      .insertInto('follows')
      .values({
        user_id: people.member,
        target_type: 'partnership',
        target_id: dtp,
        created_at: new Date().toISOString(),
      })
      .execute();
    const token = (await createAccessToken(ctx, people.coordinator, 'planning')).token;
    const api = (url: string, body: object) =>
      app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: body });
    const base = '/api/v1/partnerships/digital-transition/meetings';
    const created = await api(base, MEETING);
    assert.equal(created.statusCode, 201, created.body);
    const { number } = created.json() as { number: number };
    const meeting = await ctx.db
      .selectFrom('meetings')
      .select('id')
      .where('partnership_id', '=', dtp)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const runner = tellRunner(ctx);
    await runner.runDue();
    assert.equal((await notes(ctx, people.member, 'meetings.notification.followedPlanned')).length, 1);
    assert.equal((await notes(ctx, people.coordinator, 'meetings.notification.followedPlanned')).length, 0);
    const theirs = await ctx.db.selectFrom('follows').selectAll().where('user_id', '=', people.coordinator).execute();
    assert.deepEqual(
      theirs.map((f) => [f.target_type, f.target_id]),
      [['meeting', meeting.id]],
      'the planner follows it',
    );

    // Another coordinator moves it: the planner (who follows it) is told; a new title alone tells no one.
    const other = (await createAccessToken(ctx, people.admin, 'planning')).token;
    const change = (body: object) =>
      app.inject({
        method: 'POST',
        url: `${base}/${number}`,
        headers: { authorization: `Bearer ${other}` },
        payload: body,
      });
    assert.equal((await change({ ...MEETING, title: 'Data spaces, again' })).statusCode, 200);
    await runner.runDue();
    assert.equal((await notes(ctx, people.coordinator, 'meetings.notification.followedMoved')).length, 0);
    assert.equal(
      (await change({ ...MEETING, starts_at: '2031-03-31T09:30', ends_at: '2031-03-31T16:00' })).statusCode,
      200,
    );
    await runner.runDue();
    assert.equal((await notes(ctx, people.coordinator, 'meetings.notification.followedMoved')).length, 1);
    assert.equal(
      (await notes(ctx, people.member, 'meetings.notification.followedMoved')).length,
      0,
      'only its followers',
    );
  });

  test('an opportunity added: its author follows it; its tags’ followers told, and of its deadlines', async (t) => {
    const { urbis, ids: people } = await setUp(t, engine);
    const { ctx } = urbis;
    const tag = await ctx.db
      .selectFrom('tags')
      .select('id')
      .where('slug', '=', 'digital-transition')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('follows')
      .values({ user_id: people.member, target_type: 'tag', target_id: tag.id, created_at: new Date().toISOString() })
      .execute();
    const item = await addOpportunity(ctx, people.admin, { tags: { labels: ['Digital transition'], lang: 'en' } });
    const theirs = await ctx.db.selectFrom('follows').selectAll().where('user_id', '=', people.admin).execute();
    assert.deepEqual(
      theirs.map((f) => [f.target_type, f.target_id]),
      [['opportunity', item.id]],
    );
    const runner = tellRunner(ctx);
    await runner.runDue();
    assert.equal((await notes(ctx, people.member, 'funding.notification.followedAdded')).length, 1);
    await changeOpportunity(
      ctx.db,
      item.id,
      { deadlines: [{ at: new Date(Date.now() + 90 * 86_400_000).toISOString() }] },
      { userId: people.coordinator, at: new Date().toISOString() },
    );
    await runner.runDue();
    assert.equal((await notes(ctx, people.admin, 'funding.notification.followedDeadline')).length, 1);
  });
});

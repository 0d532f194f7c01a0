// Comments under an action and the news posts that name it, on both engines: members (and
// administrators) comment, visitors read the comments of public actions, nobody else sees a
// members-only action's thread; a post names an action of its partnership (news' "Related action"
// field and API), refused at the field for anything else, and the action's page lists the posts
// the reader may see (news' rule), a members-only post never to a visitor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { countRows, createAccessToken, fieldError } from '../../../test/support/accounts.js';
import { setUp } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './actions.queries.js';
import { changeAction } from './actions.service.js';

const ACTION = '/en/partnerships/digital-transition/actions/4';
const NEWS = '/partnerships/digital-transition/news';
const API_POSTS = '/api/v1/partnerships/digital-transition/posts';

type Ready = Awaited<ReturnType<typeof setUp>>;

/** Posts a comment under an action from its page, as a browser would. */
async function comment(as: Ready['as'][keyof Ready['as']], page: string, body: string) {
  // The comment form is in the comments' section (the follow button above names the action too).
  const whole = (await as.get(page)).body;
  const html = whole.slice(whole.indexOf('<section class="comments"'));
  const id = /name="type" value="action"[^>]*>\s*<input type="hidden" name="id" value="(\d+)"/.exec(html)?.[1];
  if (!id) return null;
  return as.post('/en/comments', { type: 'action', id, body }, page);
}

/** The action numbers a post names, as stored. */
async function linksOf(urbis: Ready['urbis'], slug: string): Promise<number[]> {
  const rows = await urbis.ctx.db
    .selectFrom('action_posts')
    .innerJoin('news_posts', 'news_posts.id', 'action_posts.post_id')
    .innerJoin('actions', 'actions.id', 'action_posts.action_id')
    .select('actions.number')
    .where('news_posts.slug', '=', slug)
    .execute();
  return rows.map((r) => r.number);
}

forEachEngine('actions: comments and related news', (engine) => {
  test('comments: members and administrators write, visitors read; members-only actions hide the thread', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const posted = await comment(as.member, ACTION, 'The user journeys need a Czech version too.');
    assert.equal(posted?.statusCode, 303);
    assert.equal((await comment(as.admin, ACTION, 'Noted by the platform team.'))?.statusCode, 303);
    for (const who of ['visitor', 'outsider', 'member', 'coordinator'] as const) {
      const page = await as[who].get(ACTION);
      assert.equal(page.statusCode, 200, who);
      assert.match(page.body, /The user journeys need a Czech version too\./, who);
      assert.match(page.body, /<section class="comments" id="comments"/, who);
    }
    // An outsider (a member of another partnership) and a visitor read, but have no form to write.
    const outsider = (await as.outsider.get(ACTION)).body;
    assert.doesNotMatch(outsider.slice(outsider.indexOf('<section class="comments"')), /name="type" value="action"/);
    const refused = await as.outsider.post(
      '/en/comments',
      { type: 'action', id: String(await actionId(urbis, 4)), body: 'Sneaky.' },
      ACTION,
    );
    assert.notEqual(refused.statusCode, 303);
    assert.ok(refused.statusCode < 500);
    assert.doesNotMatch((await as.visitor.get(ACTION)).body, /Sneaky\./);

    // A members-only action: its page and thread are a 404 to those outside.
    const seven = await actionId(urbis, 7);
    await changeAction(urbis.ctx.db, seven, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const page7 = '/en/partnerships/digital-transition/actions/7';
    assert.equal((await comment(as.otherMember, page7, 'Members only talk.'))?.statusCode, 303);
    for (const who of ['visitor', 'outsider'] as const) assert.equal((await as[who].get(page7)).statusCode, 404, who);
    const bySomeone = await as.outsider.post('/en/comments', { type: 'action', id: String(seven), body: 'x' }, ACTION);
    assert.equal(bySomeone.statusCode, 404);
    assert.match((await as.member.get(page7)).body, /Members only talk\./);
    // A thread of an action that does not exist: a 404, not a 500.
    const none = await as.member.post('/en/comments', { type: 'action', id: '2147483647', body: 'x' }, ACTION);
    assert.equal(none.statusCode, 404);
  });

  test('related news: a post names an action of the plan; the action lists those the reader may see', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const form = await as.member.get(`/en${NEWS}/new`);
    assert.match(form.body, /<label class="field__label" for="field-action">Related action<\/label>/);
    assert.match(
      form.body,
      /<option value="4">Action 4: Helping cities develop a user-centric e-government model<\/option>/,
    );

    // A public post naming Action 4, and a members-only one naming it too.
    const created = await as.member.post(`/en${NEWS}`, {
      title: 'User journeys for Action 4',
      body: 'A first catalogue.',
      lang: 'en',
      action: '4',
    });
    assert.equal(created.statusCode, 303);
    assert.deepEqual(await linksOf(urbis, 'user-journeys-for-action-4'), [4]);
    const secret = await as.member.post(`/en${NEWS}`, {
      title: 'Internal notes on Action 4',
      body: 'Only for us.',
      lang: 'en',
      members_only: 'on',
      action: '4',
    });
    assert.equal(secret.statusCode, 303);
    for (const slug of ['user-journeys-for-action-4', 'internal-notes-on-action-4']) await publish(as, slug);

    // Under the post: "About: Action 4 …", linked; in its JSON, 4.
    const post = await as.visitor.get(`/en${NEWS}/user-journeys-for-action-4`);
    assert.match(
      post.body,
      /<p class="meta">About <a href="\/en\/partnerships\/digital-transition\/actions\/4">Action 4: /,
    );
    const json = JSON.parse((await as.visitor.get(`${API_POSTS}/user-journeys-for-action-4`)).body);
    assert.equal(json.action, 4);

    // The action's page: the public post for everyone, the members-only one for members only (page and JSON).
    for (let i = 0; i < 2; i++) {
      const page = await as.visitor.get(ACTION);
      assert.match(page.body, /<h2 id="action-news">Related news<\/h2>/);
      assert.match(page.body, /User journeys for Action 4/);
      assert.doesNotMatch(page.body, /Internal notes on Action 4/);
      assert.doesNotMatch((await as.outsider.get(ACTION)).body, /Internal notes on Action 4/);
    }
    assert.match((await as.otherMember.get(ACTION)).body, /Internal notes on Action 4/);
    const api = JSON.parse((await as.visitor.get(`/api/v1/partnerships/digital-transition/actions/4`)).body);
    assert.deepEqual(
      api.relatedNews.map((p: { title: string }) => p.title),
      ['User journeys for Action 4'],
    );
    const cs = await as.visitor.get('/cs/partnerships/digital-transition/actions/4');
    assert.match(cs.body, /Související novinky/);

    // Hostile values: a message at the field, nothing stored; the API names /body/action.
    const posts = await countRows(urbis.ctx.db, 'news_posts');
    for (const action of ['abc', '0', '-1', '1.5', '2147483648', '99999999999999', '999', '4abc']) {
      const res = await as.member.post(
        `/en${NEWS}`,
        { title: 'Hostile', body: 'x', lang: 'en', action },
        `/en${NEWS}/new`,
      );
      assert.equal(res.statusCode, 400, action);
      assert.equal(fieldError(res.body, 'action'), 'Choose an action of this partnership’s plan.', action);
    }
    assert.equal(await countRows(urbis.ctx.db, 'news_posts'), posts);
    const { token } = await createAccessToken(urbis.ctx, ids.member, 'news');
    const viaApi = (payload: unknown) =>
      urbis.app.inject({
        method: 'POST',
        url: API_POSTS,
        headers: { authorization: `Bearer ${token}` },
        payload: payload as object,
      });
    for (const action of [999, 0, -5, 'x', 1.5, true]) {
      const res = await viaApi({ title: 'Via API', body: 'x', lang: 'en', action });
      assert.equal(res.statusCode, 400, String(action));
      assert.match(res.body, /\/body\/action/, String(action));
    }
    const good = await viaApi({ title: 'Via API', body: 'x', lang: 'en', action: 2 });
    assert.equal(good.statusCode, 201, good.body);
    assert.equal(JSON.parse(good.body).action, 2);
    // A members-only action is no choice for a visitor's … nor named to a visitor under a post.
    const seven = await actionId(urbis, 7);
    await changeAction(urbis.ctx.db, seven, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    assert.equal((await viaApi({ title: 'On seven', body: 'x', lang: 'en', action: 7 })).statusCode, 201);
    await publish(as, 'on-seven');
    const onSeven = await as.visitor.get(`/en${NEWS}/on-seven`);
    assert.equal(onSeven.statusCode, 200);
    assert.doesNotMatch(onSeven.body, /actions\/7/);
    assert.equal(JSON.parse((await as.visitor.get(`${API_POSTS}/on-seven`)).body).action, null);
  });
});

/** A coordinator publishes a post (members' posts are drafts). */
async function publish(as: Ready['as'], slug: string) {
  const path = `/en${NEWS}/${slug}`;
  const res = await as.coordinator.post(`${path}/publish`, {}, path);
  assert.equal(res.statusCode, 303, `publish ${slug}`);
}

async function actionId(urbis: Ready['urbis'], number: number): Promise<number> {
  const dtp = (await partnershipIdOf(urbis.ctx.db, 'digital-transition'))!;
  return (await q.findActionByNumber(urbis.ctx.db, dtp, number))!.id;
}

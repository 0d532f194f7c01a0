// A news post names the meeting it reports on (meetings' `postRelations`, news' extension point), on
// both engines: the form's choices, the round trip (create, edit to another meeting, to none), every
// hostile value refused at the field or with a problem naming /body/meeting and nothing stored, the
// post page's line and JSON only for readers who may see the meeting (never a members-only meeting
// to a visitor, cached page or not), and the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { countRows, fieldError } from '../../../test/support/accounts.js';
import { addMeeting } from '../../../test/support/meetings.js';
import { SEED, setUp, spaces } from '../../../test/support/news.js';
import { partnershipIdOf } from '../partnerships/index.js';

const NEWS = '/partnerships/digital-transition/news';
const API = '/api/v1/partnerships/digital-transition/posts';
const MEETINGS = '/partnerships/digital-transition/meetings';

type SetUp = Awaited<ReturnType<typeof setUp>>;

/** Two meetings besides the demo's: a members-only one of the partnership, and another partnership's. */
async function withMeetings(urbis: SetUp['urbis']) {
  const db = urbis.ctx.db;
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  const air = (await partnershipIdOf(db, 'air-quality'))!;
  const secret = await addMeeting(db, dtp, { title: 'Closed budget workshop', membersOnly: true, city: 'Tallinn' });
  const theirs = await addMeeting(db, air, { title: 'Air quality kick-off' });
  // A number this partnership does not have: another partnership's meeting is no meeting here.
  await db.updateTable('meetings').set({ number: 900 }).where('id', '=', theirs.id).execute();
  return { dtp, air, secret, theirs: { ...theirs, number: 900 } };
}

/** The meeting numbers a post reports on, as stored. */
async function linksOf(urbis: SetUp['urbis'], slug: string): Promise<number[]> {
  const rows = await urbis.ctx.db
    .selectFrom('meeting_posts')
    .innerJoin('news_posts', 'news_posts.id', 'meeting_posts.post_id')
    .innerJoin('meetings', 'meetings.id', 'meeting_posts.meeting_id')
    .select('meetings.number')
    .where('news_posts.slug', '=', slug)
    .execute();
  return rows.map((r) => r.number).sort((a, b) => a - b);
}

/** The `<select name="meeting">` of a form: its options' values and texts, and which is selected. */
function meetingSelect(html: string) {
  const select = /<select[^>]*name="meeting"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1];
  assert.ok(select, 'the form has the meeting field');
  // Preact writes an empty value as a bare attribute (`<option value selected>`).
  const options = [...select.matchAll(/<option value(?:="([^"]*)")?( selected)?>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1] ?? '',
    selected: m[2] !== undefined,
    text: spaces(m[3]!),
  }));
  return { options, selected: options.find((o) => o.selected)?.value ?? '' };
}

const reportsOn = /<p class="meta">Reports on: <a href="([^"]+)">([^<]*)<\/a><\/p>/;

forEachEngine('meetings: a news post reports on a meeting', (engine) => {
  test('the seed post names the 11th meeting, linked, in English and Czech; its JSON says 11', async (t) => {
    const { as } = await setUp(t, engine);
    const en = await as.visitor.get(`/en${SEED}`);
    assert.equal(en.statusCode, 200);
    const line = reportsOn.exec(en.body);
    assert.ok(line, 'the line under the post');
    assert.equal(line[1], `/en${MEETINGS}/11`);
    assert.equal(spaces(line[2]!), 'the 11th meeting (14 February 2019 – 15 February 2019, Luxembourg)');
    const cs = await as.visitor.get(`/cs${SEED}`);
    assert.ok(
      spaces(cs.body).includes(
        `Zpráva ze setkání: <a href="/cs${MEETINGS}/11">11. setkání (14. 2. 2019 – 15. 2. 2019, Luxembourg)</a>`,
      ),
    );
    const json = JSON.parse((await as.visitor.get(`/api/v1${SEED.replace('/news/', '/posts/')}`)).body);
    assert.equal(json.meeting, 11);
  });

  test('the form: the writer’s choices, newest first; create, edit to another meeting, then to none', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { secret, theirs } = await withMeetings(urbis);

    const form = await as.member.get(`/en${NEWS}/new`);
    assert.equal(form.statusCode, 200);
    const { options, selected } = meetingSelect(form.body);
    assert.equal(selected, '', 'none is chosen at first');
    assert.equal(options[0]?.text, 'None');
    // Newest first: the demo's 13th (in 2027), the members-only meeting (tomorrow), then the 12th (in 2019).
    assert.deepEqual(
      options.slice(1, 4).map((o) => o.value),
      ['13', String(secret.number), '12'],
    );
    assert.match(options[2]!.text, /^\d+th meeting: Closed budget workshop \(/);
    assert.ok(options.some((o) => o.value === '11' && o.text.startsWith('11th meeting: Implementing and scaling up')));
    assert.ok(!options.some((o) => o.value === String(theirs.number)), 'no other partnership’s meeting');
    assert.match(form.body, /<label class="field__label" for="field-meeting">Reports on meeting<\/label>/);

    const created = await as.member.post(`/en${NEWS}`, {
      title: 'Notes from Luxembourg',
      body: 'What we agreed.',
      lang: 'en',
      meeting: '11',
    });
    assert.equal(created.statusCode, 303);
    assert.deepEqual(await linksOf(urbis, 'notes-from-luxembourg'), [11]);
    const path = `/en${NEWS}/notes-from-luxembourg`;
    assert.match((await as.member.get(path)).body, reportsOn);

    // The edit form shows it chosen; another meeting (the members-only one), then none.
    const edit = await as.member.get(`${path}/edit`);
    assert.equal(meetingSelect(edit.body).selected, '11');
    const fields = { title: 'Notes from Luxembourg', body: 'What we agreed.', lang: 'en' };
    assert.equal((await as.member.post(path, { ...fields, meeting: String(secret.number) })).statusCode, 303);
    assert.deepEqual(await linksOf(urbis, 'notes-from-luxembourg'), [secret.number]);
    assert.equal(meetingSelect((await as.member.get(`${path}/edit`)).body).selected, String(secret.number));
    assert.equal((await as.member.post(path, { ...fields, meeting: '' })).statusCode, 303);
    assert.deepEqual(await linksOf(urbis, 'notes-from-luxembourg'), []);
    assert.doesNotMatch((await as.member.get(path)).body, /Reports on:/);
  });

  test('hostile values: a message at the field, the form as typed, nothing stored, never a 500', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { theirs } = await withMeetings(urbis);
    const posts = await countRows(urbis.ctx.db, 'news_posts');
    const fields = { title: 'Hostile meeting', body: 'Text.', lang: 'en' };
    const hostile = ['abc', '99999999999999', '2147483648', '-1', '0', '1.5', '11abc', '9999', String(theirs.number)];
    for (const meeting of hostile) {
      const response = await as.member.post(`/en${NEWS}`, { ...fields, meeting }, `/en${NEWS}/new`);
      assert.equal(response.statusCode, 400, meeting);
      assert.equal(fieldError(response.body, 'meeting'), 'Choose one of this partnership’s meetings from the list.');
      assert.match(response.body, /value="Hostile meeting"/, 'what was typed stays');
    }
    // The field sent twice (an array): refused too.
    const form = await as.member.get(`/en${NEWS}/new`);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const twice = await urbis.app.inject({
      method: 'POST',
      url: `/en${NEWS}`,
      remoteAddress: '10.0.0.3',
      headers: { cookie: as.member.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&title=Twice&body=x&lang=en&meeting=11&meeting=12`,
    });
    assert.equal(twice.statusCode, 400);
    assert.equal(await countRows(urbis.ctx.db, 'news_posts'), posts, 'no post stored');

    // Editing: the same, and the post keeps its meeting.
    const seedPath = `/en${SEED}`;
    const seedForm = await as.coordinator.get(`${seedPath}/edit`);
    assert.equal(meetingSelect(seedForm.body).selected, '11');
    const title = /name="title"[^>]*value="([^"]*)"/.exec(seedForm.body)![1]!.replace(/&amp;/g, '&');
    const edit = await as.coordinator.post(seedPath, { title, body: 'Changed.', lang: 'en', meeting: 'abc' });
    assert.equal(edit.statusCode, 400);
    assert.ok(fieldError(edit.body, 'meeting'));
    assert.equal(meetingSelect(edit.body).selected, '', 'what was typed is not a choice: none shown');
    const seedSlug = SEED.split('/').pop()!;
    assert.deepEqual(await linksOf(urbis, seedSlug), [11]);
    const stored = await urbis.ctx.db
      .selectFrom('news_posts')
      .select('body')
      .where('slug', '=', seedSlug)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.body, 'Changed.', 'nothing stored half-way');
  });

  test('a members-only meeting is never named to a visitor: not its link, not its title, cached or not', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { secret } = await withMeetings(urbis);
    const seedSlug = SEED.split('/').pop()!;
    const api = `/api/v1${SEED.replace('/news/', '/posts/')}`;
    // The visitor's page is in the page cache, with the public 11th meeting.
    assert.match((await as.visitor.get(`/en${SEED}`)).body, reportsOn);
    // The coordinator makes the seed post report on the members-only meeting.
    const form = await as.coordinator.get(`/en${SEED}/edit`);
    const value = (name: string) =>
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const body = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.body)![1]!;
    const saved = await as.coordinator.post(`/en${SEED}`, {
      title: value('title'),
      body: body
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"'),
      lang: 'en',
      tags: value('tags'),
      meeting: String(secret.number),
    });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await linksOf(urbis, seedSlug), [secret.number]);

    // Members see it, page and JSON; visitors and members of other partnerships do not, not even its title.
    for (const who of ['member', 'coordinator', 'admin'] as const) {
      const page = await as[who].get(`/en${SEED}`);
      assert.equal(reportsOn.exec(page.body)?.[1], `/en${MEETINGS}/${secret.number}`, who);
    }
    for (const who of ['visitor', 'outsider'] as const) {
      for (let i = 0; i < 2; i++) {
        const page = await as[who].get(`/en${SEED}`);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /Reports on:|Closed budget workshop|Tallinn/, who);
        assert.ok(!page.body.includes(`${MEETINGS}/${secret.number}"`), who);
      }
      const json = JSON.parse((await as[who].get(api)).body);
      assert.equal(json.meeting, null, who);
    }
    const member = JSON.parse((await as.member.get(api)).body);
    assert.equal(member.meeting, secret.number);
  });

  test('the API: `meeting` (number or null) on a new or changed post and in its JSON; else a 400', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const { secret, theirs } = await withMeetings(urbis);
    const created = await as.member.post('/en/settings/tokens', { name: 'news' }, '/en/settings/tokens');
    const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)![1]!;
    const call = (payload: string) =>
      urbis.app.inject({
        method: 'POST',
        url: API,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
    const one = await call(JSON.stringify({ title: 'From the API', body: 'x', lang: 'en', meeting: secret.number }));
    assert.equal(one.statusCode, 201);
    assert.equal(one.json().meeting, secret.number);
    const read = await urbis.app.inject({ url: one.headers.location!, headers: { authorization: `Bearer ${token}` } });
    assert.equal(read.json().meeting, secret.number);
    const none = await call(JSON.stringify({ title: 'No meeting', body: 'x', lang: 'en', meeting: null }));
    assert.equal(none.statusCode, 201);
    assert.equal(none.json().meeting, null);
    const absent = await call(JSON.stringify({ title: 'Not said', body: 'x', lang: 'en' }));
    assert.equal(absent.json().meeting, null);

    const posts = await countRows(urbis.ctx.db, 'news_posts');
    const links = await countRows(urbis.ctx.db, 'meeting_posts');
    for (const meeting of [
      '"abc"',
      '-1',
      '0',
      '1.5',
      '1e400',
      '99999999999',
      'true',
      '[11]',
      '{"number":11}',
      String(theirs.number),
      '9999',
    ]) {
      const response = await call(`{"title":"Hostile","body":"x","lang":"en","meeting":${meeting}}`);
      assert.equal(response.statusCode, 400, meeting);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.deepEqual(
        response.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/body/meeting'],
        meeting,
      );
    }
    assert.equal(await countRows(urbis.ctx.db, 'news_posts'), posts, 'no post stored');
    assert.equal(await countRows(urbis.ctx.db, 'meeting_posts'), links);

    // PUT changes it: to another meeting, kept when absent, to none; hostile values change nothing.
    const put = (payload: string) =>
      urbis.app.inject({
        method: 'PUT',
        url: one.headers.location!,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
    const text = { title: 'From the API', body: 'y', lang: 'en' };
    const moved = await put(JSON.stringify({ ...text, meeting: 11 }));
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().meeting, 11);
    assert.equal(moved.json().html, '<p>y</p>\n');
    assert.equal((await put(JSON.stringify(text))).json().meeting, 11, 'absent: kept');
    for (const meeting of ['"abc"', '0', 'true', String(theirs.number)]) {
      const response = await put(`{"title":"Changed","body":"z","lang":"en","meeting":${meeting}}`);
      assert.equal(response.statusCode, 400, meeting);
      assert.deepEqual(
        response.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/body/meeting'],
      );
    }
    assert.deepEqual(await linksOf(urbis, 'from-the-api'), [11]);
    const cleared = await put(JSON.stringify({ ...text, meeting: null }));
    assert.equal(cleared.json().meeting, null);
    assert.deepEqual(await linksOf(urbis, 'from-the-api'), []);
    // Someone who may not edit it: the same 404 as a missing post.
    const outsider = await as.outsider.post('/en/settings/tokens', { name: 'news' }, '/en/settings/tokens');
    const theirToken = /<code id="new-token">([^<]+)<\/code>/.exec(outsider.body)![1]!;
    const refused = await urbis.app.inject({
      method: 'PUT',
      url: one.headers.location!,
      headers: { authorization: `Bearer ${theirToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...text, meeting: 11 }),
    });
    assert.equal(refused.statusCode, 404);

    // The OpenAPI document says it, on the write and on the post.
    const doc = (await urbis.app.inject('/api/openapi.json')).json();
    assert.match(JSON.stringify(doc.paths['/api/v1/partnerships/{slug}/posts']), /"meeting"/);
    assert.match(JSON.stringify(doc.paths['/api/v1/partnerships/{slug}/posts/{post}'].put), /"meeting"/);
    assert.match(JSON.stringify(doc.paths['/api/v1/partnerships/{slug}/posts/{post}'].get), /"meeting"/);
  });
});

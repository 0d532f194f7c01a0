// Following the funding register, on both engines: who may follow what (pages, forms and the API),
// and the mails: a new item to the followers of its topics and programme, a change to the item's
// followers, its opening and each deadline near to its own, each once, in the recipient's language,
// never about a suggestion, never to someone who may not see the item.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Mail } from '../../core/mail/mailer.js';
import type { ModuleContext } from '../../core/module.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { recordingProcess } from '../../../test/support/mail.js';
import { setUp, spaces } from '../../../test/support/news.js';
import { addItem, daysFrom, followAs } from '../../../test/support/funding-follow.js';
import { followJobs, ITEM_JOB, MAIL_JOB, sweep } from './funding.mail.js';
import { changeOpportunity } from './funding.service.js';

/** The ids of a tag and a programme of the demo. */
async function demoIds(ctx: ModuleContext) {
  const tag = await ctx.db
    .selectFrom('tags')
    .select('id')
    .where('slug', '=', 'digital-transition')
    .executeTakeFirstOrThrow();
  const programme = await ctx.db
    .selectFrom('funding_programmes')
    .select('id')
    .where('slug', '=', 'horizon-europe')
    .executeTakeFirstOrThrow();
  return { topic: tag.id, programme: programme.id };
}

/** The followers' mail jobs over a recording mailer, with a clock the test sets. */
function mailProcess(ctx: ModuleContext, sent: Mail[], clock: { now: Date }, refuse = { times: 0 }) {
  return recordingProcess(ctx, (own) => followJobs(own, () => clock.now), sent, refuse);
}

const to = (sent: Mail[], who: string) => sent.filter((m) => m.to === `${who}@example.eu`);

forEachEngine('funding: following and its mails', (engine) => {
  test('following by form and by API: signed-in people only, what they may see only', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { ctx, app } = urbis;
    const visitor = await as.visitor.get('/en/funding/following');
    assert.equal(visitor.statusCode, 303);
    assert.equal(visitor.headers.location, '/en/sign-in?next=%2Fen%2Ffunding%2Ffollowing');
    const empty = await as.member.get('/en/funding/following');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /You follow nothing yet\./);
    // Topics and programmes to follow from here, by keyboard and without JavaScript.
    assert.match(empty.body, /<label class="field__label" for="follow-topic">A topic to follow<\/label>/);
    assert.match(empty.body, /<option value="digital-transition">Digital transition<\/option>/);
    assert.match(empty.body, /<option value="horizon-europe">Horizon Europe<\/option>/);

    // A topic by its form, back to the register filtered by it.
    const followed = await as.member.post('/en/funding/follows', {
      type: 'topic',
      key: 'digital-transition',
      back: '/en/funding?topic=digital-transition',
    });
    assert.equal(followed.statusCode, 303);
    assert.equal(followed.headers.location, '/en/funding?topic=digital-transition');
    // A programme, coming back to what one follows: it says so.
    const programme = await as.member.post('/en/funding/follows', { type: 'programme', key: 'horizon-europe' });
    assert.equal(programme.headers.location, '/en/funding/following?followed=programme:horizon-europe');
    const page = await as.member.get(programme.headers.location as string);
    assert.match(spaces(page.body), /You now follow Horizon Europe\./);
    assert.match(page.body, /<h2 id="following-topic">Topics<\/h2>/);
    assert.match(page.body, /<a href="\/en\/funding\?topic=digital-transition">Digital transition<\/a>/);
    assert.match(page.body, /Stop following Horizon Europe/);
    assert.doesNotMatch(page.body, /<option value="digital-transition">/, 'what one follows is no longer offered');
    // Following again changes nothing; somewhere else than the register is not where it goes back.
    const again = await as.member.post('/en/funding/follows', {
      type: 'topic',
      key: 'digital-transition',
      back: 'https://evil.example/',
    });
    assert.equal(again.headers.location, '/en/funding/following?followed=topic:digital-transition');
    assert.equal(
      (await ctx.db.selectFrom('funding_follows').select('id').where('user_id', '=', ids.member).execute()).length,
      2,
    );

    // What is not there, or not for them: 404.
    const suggestion = await addItem(ctx, { title: 'Milan’s idea', state: 'suggested', suggestedBy: ids.outsider });
    for (const [type, key] of <[string, string][]>[
      ['item', String(suggestion.id)],
      ['item', '999999'],
      ['programme', 'no-such-programme'],
      ['topic', 'no-such-topic'],
      ['sport', 'digital-transition'],
      ['item', '1 OR 1=1'],
    ])
      assert.equal((await as.member.post('/en/funding/follows', { type, key })).statusCode, 404, `${type} ${key}`);
    // The one who suggested it may follow it; an editor too.
    assert.equal(
      (await as.outsider.post('/en/funding/follows', { type: 'item', key: String(suggestion.id) })).statusCode,
      303,
    );
    assert.equal(
      (await as.admin.post('/en/funding/follows', { type: 'item', key: String(suggestion.id) })).statusCode,
      303,
    );

    // The API: what I follow, one thing, follow, stop.
    const token = (await createAccessToken(ctx, ids.otherMember, 'follows')).token;
    const api = (method: 'GET' | 'PUT' | 'DELETE', url: string) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await api('GET', '/api/v1/funding/follows/topic/digital-transition')).statusCode, 404);
    const put = await api('PUT', '/api/v1/funding/follows/topic/digital-transition');
    assert.equal(put.statusCode, 201, put.body);
    assert.equal(put.json().title, 'Digital transition');
    assert.equal((await api('PUT', '/api/v1/funding/follows/topic/digital-transition')).statusCode, 200);
    assert.equal((await api('PUT', `/api/v1/funding/follows/item/${suggestion.id}`)).statusCode, 404);
    assert.equal((await api('PUT', '/api/v1/funding/follows/item/0')).statusCode, 404);
    assert.equal((await api('PUT', '/api/v1/funding/follows/sport/x')).statusCode, 404);
    const list = await api('GET', '/api/v1/funding/follows');
    assert.deepEqual(
      list.json().items.map((i: { type: string; key: string }) => `${i.type}:${i.key}`),
      ['topic:digital-transition'],
    );
    assert.equal((await api('GET', '/api/v1/funding/follows/topic/digital-transition')).statusCode, 200);
    assert.equal((await api('DELETE', '/api/v1/funding/follows/topic/digital-transition')).statusCode, 204);
    assert.equal((await api('DELETE', '/api/v1/funding/follows/topic/digital-transition')).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/funding/follows' })).statusCode, 401);

    // Stopping by form, from the page of what one follows.
    const stop = await as.member.post('/en/funding/follows/remove', {
      type: 'programme',
      key: 'horizon-europe',
      back: '/en/funding/following',
    });
    assert.equal(stop.headers.location, '/en/funding/following?unfollowed=programme:horizon-europe');
    assert.match(
      spaces((await as.member.get(stop.headers.location as string)).body),
      /You no longer follow Horizon Europe\./,
    );
    // In Czech.
    const cs = await as.member.get('/cs/funding/following');
    assert.match(cs.body, /<h1>Co sleduji<\/h1>/);
  });

  test('a new item mails the followers of its topics and programme once, each in their language', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const { topic, programme } = await demoIds(ctx);
    await ctx.db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.otherMember).execute();
    await followAs(ctx, ids.member, 'topic', topic);
    await followAs(ctx, ids.otherMember, 'programme', programme);
    await followAs(ctx, ids.otherMember, 'topic', topic);

    const sent: Mail[] = [];
    const clock = { now: new Date() };
    const { runner } = mailProcess(ctx, sent, clock);
    const item = await addItem(ctx, {
      title: 'Digital twins for towns under 50,000',
      programmeId: programme,
      tags: { labels: ['Digital transition', 'Urban data'], lang: 'en' },
    });
    await runner.runDue(100);
    await runner.runDue(100);
    assert.equal(to(sent, 'lotte').length, 1, 'the topic’s follower');
    const lotte = to(sent, 'lotte')[0]!;
    assert.equal(lotte.subject, 'New in the funding register: Digital twins for towns under 50,000');
    assert.equal(lotte.lang, 'en');
    assert.match(lotte.text, /^Hello Lotte Verbeek,/);
    assert.match(lotte.text, /You follow its topic Digital transition\./);
    assert.match(lotte.text, new RegExp(`http://[^/]+/en/funding/${item.id}\\b`));
    assert.match(lotte.text, /\/en\/funding\/following/);
    assert.match(lotte.text, /Next deadline: .*20\d\d, \d\d:\d\d/);

    assert.equal(to(sent, 'pavel').length, 1, 'one mail, though he follows both the programme and the topic');
    const pavel = to(sent, 'pavel')[0]!;
    assert.equal(pavel.lang, 'cs');
    assert.equal(pavel.subject, 'Nově v přehledu financování: Digital twins for towns under 50,000');
    assert.match(pavel.text, /^Dobrý den, Pavel Dvořák,/);
    assert.match(pavel.text, /Sledujete její program Horizon Europe\./);
    assert.match(pavel.text, /\/cs\/funding\/\d+/);
    assert.deepEqual(to(sent, 'milan'), [], 'who follows nothing hears nothing');

    // Run again (a restart, a retry): nothing twice.
    await ctx.db
      .updateTable('core_jobs')
      .set({ status: 'pending', run_at: new Date(0).toISOString() })
      .execute();
    await runner.runDue(100);
    await runner.runDue(100);
    assert.equal(sent.length, 2);
    // An item nobody follows anything of queues no job at all.
    const before = await ctx.db.selectFrom('core_jobs').select('id').execute();
    await addItem(ctx, { title: 'Prize for quiet streets', tags: { labels: ['noise'], lang: 'en' } });
    assert.equal((await ctx.db.selectFrom('core_jobs').select('id').execute()).length, before.length);
  });

  test('a suggestion mails nobody; accepted (published), it mails the topic’s followers', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const { topic } = await demoIds(ctx);
    await followAs(ctx, ids.member, 'topic', topic);
    const sent: Mail[] = [];
    const { runner } = mailProcess(ctx, sent, { now: new Date() });
    const item = await addItem(ctx, {
      title: 'A suggested call on open data',
      state: 'suggested',
      suggestedBy: ids.outsider,
      tags: { labels: ['Digital transition'], lang: 'en' },
    });
    await runner.runDue(100);
    assert.equal(sent.length, 0);
    assert.equal(
      (await ctx.db.selectFrom('core_jobs').select('id').where('kind', 'in', [ITEM_JOB, MAIL_JOB]).execute()).length,
      0,
    );
    // An editor changes the suggestion: still nothing.
    await changeOpportunity(
      ctx.db,
      item.id,
      { summary: 'Better words.' },
      { userId: ids.admin, at: new Date().toISOString() },
    );
    await runner.runDue(100);
    assert.equal(sent.length, 0);
    await changeOpportunity(
      ctx.db,
      item.id,
      { state: 'published' },
      { userId: ids.admin, at: new Date().toISOString() },
    );
    await runner.runDue(100);
    await runner.runDue(100);
    assert.deepEqual(
      sent.map((m) => [m.to, m.subject]),
      [['lotte@example.eu', 'New in the funding register: A suggested call on open data']],
    );
  });

  test('a change mails the item’s followers once per version; a save that changes nothing, nothing', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const item = await addItem(ctx, { title: 'Call for data spaces' });
    await followAs(ctx, ids.member, 'item', item.id);
    const { topic } = await demoIds(ctx);
    await followAs(ctx, ids.otherMember, 'topic', topic);
    const sent: Mail[] = [];
    const refuse = { times: 1 };
    const { runner } = mailProcess(ctx, sent, { now: new Date() }, refuse);
    const at = () => new Date().toISOString();
    const moved = daysFrom(new Date(), 90);
    await changeOpportunity(
      ctx.db,
      item.id,
      { deadlines: [{ at: moved }], tags: { labels: ['Digital transition'], lang: 'en' } },
      { userId: ids.admin, at: at(), explanation: 'The Commission moved the deadline.' },
    );
    await runner.runDue(100);
    await runner.runDue(100);
    assert.equal(sent.length, 0, 'the mail server said no once');
    assert.equal((await ctx.db.selectFrom('funding_mail_log').select('key').execute()).length, 0, 'its key taken back');
    await ctx.db
      .updateTable('core_jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('status', '=', 'pending')
      .execute();
    await runner.runDue(100);
    assert.deepEqual(
      sent.map((m) => [m.to, m.subject]),
      [['lotte@example.eu', 'Changed: Call for data spaces']],
      'the item’s follower only (a change is no news to the topic’s)',
    );
    assert.match(sent[0]!.text, /has been changed\. What the editor said of it: “The Commission moved the deadline\.”/);
    // The same save again changes nothing: no version, no mail.
    await changeOpportunity(ctx.db, item.id, { deadlines: [{ at: moved }] }, { userId: ids.admin, at: at() });
    await runner.runDue(100);
    assert.equal(sent.length, 1);
    // Two quick changes: the first's mail finds a newer version and leaves it to the second's.
    await changeOpportunity(ctx.db, item.id, { summary: 'One.' }, { userId: ids.admin, at: at() });
    await changeOpportunity(ctx.db, item.id, { summary: 'Two.' }, { userId: ids.admin, at: at() });
    await runner.runDue(100);
    await runner.runDue(100);
    assert.equal(sent.length, 2);
    assert.match(sent[1]!.text, /\nTwo\.\n/);
  });

  test('an opening and each near deadline mail the item’s followers once each', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const item = await addItem(ctx, {
      title: 'Two-stage call on mobility data',
      opensAt: daysFrom(start, 1),
      deadlines: [
        { at: daysFrom(start, 20), label: 'Stage 1' },
        { at: daysFrom(start, 40), label: 'Stage 2' },
      ],
    });
    await ctx.db.updateTable('users').set({ locale: 'cs' }).where('id', '=', ids.otherMember).execute();
    await followAs(ctx, ids.member, 'item', item.id);
    await followAs(ctx, ids.otherMember, 'item', item.id);
    const sent: Mail[] = [];
    const clock = { now: start };
    const { own, runner } = mailProcess(ctx, sent, clock);
    const at = async (days: number) => {
      clock.now = new Date(start.getTime() + days * 86_400_000);
      await sweep(own, clock.now);
      await runner.runDue(100);
    };
    await at(0);
    assert.equal(sent.length, 0, 'not open yet, no deadline near');
    await at(1.01);
    assert.deepEqual(
      sent.map((m) => [m.to, m.subject]),
      [
        ['lotte@example.eu', 'Now open: Two-stage call on mobility data'],
        ['pavel@example.eu', 'Nyní otevřeno: Two-stage call on mobility data'],
      ],
    );
    await at(2);
    await at(5);
    assert.equal(sent.length, 2, 'opened once');
    await at(6.5); // 13.5 days before stage 1
    const closing = sent.slice(2);
    assert.deepEqual(
      closing.map((m) => [m.to, m.subject]),
      [
        ['lotte@example.eu', 'Closing soon: Two-stage call on mobility data'],
        ['pavel@example.eu', 'Brzy se uzavírá: Two-stage call on mobility data'],
      ],
    );
    assert.match(closing[0]!.text, /is near \(Stage 1\): .*20\d\d, \d\d:\d\d/);
    await at(7);
    await at(19);
    assert.equal(sent.length, 4, 'one mail per deadline');
    await at(27); // 13 days before stage 2
    assert.equal(sent.length, 6);
    assert.match(sent[4]!.text, /\(Stage 2\)/);
    await at(30);
    await at(41);
    assert.equal(sent.length, 6);
    // Followed after it opened: no "now open" for a newcomer.
    const later = await addItem(ctx, { title: 'Open since last week', opensAt: daysFrom(clock.now, -0.5) });
    await followAs(ctx, ids.outsider, 'item', later.id, clock.now.toISOString());
    await at(41.1);
    assert.deepEqual(to(sent, 'milan'), []);
  });

  test('no mail about an item the follower may no longer see', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const item = await addItem(ctx, { title: 'A call soon withdrawn', opensAt: daysFrom(new Date(), -1) });
    await followAs(ctx, ids.member, 'item', item.id, daysFrom(new Date(), -2));
    const sent: Mail[] = [];
    const clock = { now: new Date() };
    const { own, runner } = mailProcess(ctx, sent, clock);
    await sweep(own, clock.now);
    // Rejected before the mail job ran: the item is no longer in the register for her.
    await changeOpportunity(
      ctx.db,
      item.id,
      { state: 'rejected' },
      { userId: ids.admin, at: new Date().toISOString() },
    );
    await runner.runDue(100);
    assert.equal(sent.length, 0);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { fieldError } from '../../../test/support/accounts.js';
import { DRAFT, SEED, setUp, spaces } from '../../../test/support/news.js';

const NEWS = '/en/partnerships/digital-transition/news';
const API = '/api/v1/partnerships/digital-transition/posts';
/** A time well in the future, as the `datetime-local` field sends it (Brussels time), and as an instant. */
const LATER = { field: '2030-03-12T16:39', iso: '2030-03-12T15:39:00.000Z', en: '12 March 2030, 16:39' };
const LATER_STILL = { field: '2031-06-02T09:05', iso: '2031-06-02T07:05:00.000Z', en: '2 June 2031, 09:05' };

/** The audit log's entries about one post, oldest first. */
async function auditOf(urbis: Urbis, postSlug: string) {
  const rows = await urbis.ctx.db
    .selectFrom('core_audit_log')
    .select(['action', 'subject_type', 'subject_id', 'details'])
    .where('action', 'like', 'news.%')
    .orderBy('id')
    .execute();
  return (
    rows
      // Text on SQLite, JSON on PostgreSQL.
      .map((r) => ({
        ...r,
        details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
      }))
      .filter((r) => r.details.slug === postSlug)
  );
}

const slugOf = (path: string) => path.split('/').pop()!;

forEachEngine('news scheduling', (engine) => {
  test(
    'a scheduled post says "Scheduled for" its EU date (page, drafts list, API), its forms say reschedule and ' +
      'unschedule, and each step is in the audit log',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const path = `/en${DRAFT}`;
      // A draft: "Publish now" and "Schedule".
      const draft = spaces((await as.coordinator.get(path)).body);
      assert.match(draft, /<button[^>]*>Publish now<\/button>/);
      assert.match(draft, /<button[^>]*>Schedule<\/button>/);
      assert.doesNotMatch(draft, /Reschedule|Unschedule/);

      // Scheduling without a time: the message at the field, nothing changed.
      const empty = await as.coordinator.post(`${path}/publish`, { schedule: 'yes', publish_at: '' }, path);
      assert.equal(empty.statusCode, 400);
      assert.equal(fieldError(empty.body, 'publish_at'), 'Give the date and time to publish the post at.');
      assert.match(empty.body, /class="error-summary"/);
      const bad = await as.coordinator.post(`${path}/publish`, { schedule: 'yes', publish_at: 'soon' }, path);
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldError(bad.body, 'publish_at'), 'The publication time is not a valid date and time.');
      assert.deepEqual(await auditOf(urbis, slugOf(DRAFT)), []);

      const scheduled = await as.coordinator.post(
        `${path}/publish`,
        { schedule: 'yes', publish_at: LATER.field },
        path,
      );
      assert.equal(scheduled.statusCode, 303);
      assert.equal(scheduled.headers.location, `${path}?done=scheduled`);
      const page = spaces((await as.coordinator.get(`${path}?done=scheduled`)).body);
      assert.match(page, /The post was scheduled\./);
      assert.ok(page.includes(`Scheduled for ${LATER.en}`), 'the notice gives the EU date');
      assert.ok(page.includes(`scheduled for ${LATER.en}`), 'the author line says when it comes out');
      assert.doesNotMatch(page, /Created by/, 'not "Created by … on" a future date');
      assert.match(page, /<button[^>]*>Reschedule<\/button>/);
      assert.match(page, /<button[^>]*>Unschedule<\/button>/);
      assert.match(
        page,
        /id="field-publish_at"[^>]*type="datetime-local" value="2030-03-12T16:39"/,
        'the time set, to change',
      );
      // In Czech too.
      const cs = spaces((await as.coordinator.get(`/cs${DRAFT}`)).body);
      assert.ok(cs.includes('Naplánováno na 12. 3. 2030 16:39'), 'the Czech notice');
      assert.match(cs, /Přeplánovat/);
      assert.match(cs, /Zrušit naplánování/);
      // The list of drafts and scheduled posts the coordinator sees.
      const list = spaces((await as.coordinator.get(NEWS)).body);
      assert.ok(list.includes(`<time datetime="${LATER.iso}">Scheduled for ${LATER.en}</time>`), 'the list says so');
      // The API: a field saying it is scheduled, and when.
      const api = (await as.coordinator.get(`${API}/${slugOf(DRAFT)}`)).json();
      assert.equal(api.status, 'scheduled');
      assert.equal(api.publishedAt, LATER.iso);

      // Rescheduled, then back to a draft, then published now.
      assert.equal(
        (await as.coordinator.post(`${path}/publish`, { schedule: 'yes', publish_at: LATER_STILL.field }, path)).headers
          .location,
        `${path}?done=rescheduled`,
      );
      assert.ok(spaces((await as.coordinator.get(path)).body).includes(`Scheduled for ${LATER_STILL.en}`));
      const unscheduled = await as.coordinator.post(`${path}/unschedule`, {}, path);
      assert.equal(unscheduled.headers.location, `${path}?done=unscheduled`);
      assert.equal((await as.coordinator.get(`${API}/${slugOf(DRAFT)}`)).json().status, 'draft');
      // Unscheduling again changes nothing and records nothing.
      assert.equal((await as.coordinator.post(`${path}/unschedule`, {}, path)).headers.location, path);
      // A member may neither reschedule nor unschedule.
      assert.equal((await as.member.post(`${path}/unschedule`, {}, `${NEWS}`)).statusCode, 404);
      assert.equal((await as.coordinator.post(`${path}/publish`, {}, path)).headers.location, `${path}?done=published`);
      const out = spaces((await as.visitor.get(path)).body);
      assert.match(out, /Created by/);
      assert.doesNotMatch(out, /Scheduled for/);

      const audit = await auditOf(urbis, slugOf(DRAFT));
      assert.deepEqual(
        audit.map((a) => a.action),
        ['news.schedule', 'news.reschedule', 'news.unschedule', 'news.publish'],
      );
      assert.ok(audit.every((a) => a.subject_type === 'post' && /^\d+$/.test(a.subject_id)));
      assert.equal(audit[0]!.details.at, LATER.iso);
      assert.deepEqual([audit[1]!.details.was, audit[1]!.details.at], [LATER.iso, LATER_STILL.iso]);
      assert.equal(audit[2]!.details.was, LATER_STILL.iso);
    },
  );

  test('the API publishes, schedules, reschedules and unschedules (coordinators, with a token)', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const tokenOf = async (who: 'coordinator' | 'member') => {
      const created = await as[who].post('/en/settings/tokens', { name: 'news' }, '/en/settings/tokens');
      return /<code id="new-token">([^<]+)<\/code>/.exec(created.body)![1]!;
    };
    const coordinator = await tokenOf('coordinator');
    const call = (what: 'publish' | 'unschedule', payload?: unknown, token = coordinator) =>
      urbis.app.inject({
        method: 'POST',
        url: `${API}/${slugOf(DRAFT)}/${what}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      });
    assert.equal((await call('publish', {}, await tokenOf('member'))).statusCode, 404);
    const wrong = await call('publish', { publish_at: 'tomorrow' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().errors[0].pointer, '/body/publish_at');
    const scheduled = await call('publish', { publish_at: '2030-03-12T15:39:00Z' });
    assert.equal(scheduled.statusCode, 200);
    assert.deepEqual([scheduled.json().status, scheduled.json().publishedAt], ['scheduled', LATER.iso]);
    const moved = await call('publish', { publish_at: LATER_STILL.field });
    assert.deepEqual([moved.json().status, moved.json().publishedAt], ['scheduled', LATER_STILL.iso]);
    const back = await call('unschedule');
    assert.equal(back.statusCode, 200);
    assert.deepEqual([back.json().status, back.json().publishedAt], ['draft', null]);
    const now = await call('publish');
    assert.equal(now.json().status, 'published');
    assert.equal((await call('unschedule')).statusCode, 409, 'too late once it is out');
    assert.equal((await call('publish')).statusCode, 409);
    assert.deepEqual(
      (await auditOf(urbis, slugOf(DRAFT))).map((a) => a.action),
      ['news.schedule', 'news.reschedule', 'news.unschedule', 'news.publish'],
    );
  });

  test('the same unscheduling or rescheduling sent many times at once is made and recorded once', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const path = `/en${DRAFT}`;
    await as.coordinator.post(`${path}/publish`, { schedule: 'yes', publish_at: LATER.field }, path);
    await as.coordinator.get(path);
    const again = await Promise.all(
      Array.from({ length: 10 }, () =>
        as.coordinator.post(`${path}/publish`, { schedule: 'yes', publish_at: LATER_STILL.field }),
      ),
    );
    assert.ok(again.every((r) => r.statusCode === 303));
    const undo = await Promise.all(Array.from({ length: 10 }, () => as.coordinator.post(`${path}/unschedule`, {})));
    assert.ok(undo.every((r) => r.statusCode === 303));
    assert.deepEqual(
      (await auditOf(urbis, slugOf(DRAFT))).map((a) => a.action),
      ['news.schedule', 'news.reschedule', 'news.unschedule'],
    );
  });

  test(
    'choosing another language of a post says which one it is in, and links to the reader’s own; ' +
      'only an untranslated post says it has not been translated',
    async (t) => {
      const { as } = await setUp(t, engine);
      // "Also available in: Čeština" on the English post: the Czech translation, on an English page.
      const csInEn = spaces((await as.visitor.get(`/en${SEED}?view=cs`)).body);
      assert.match(csInEn, /<h1 lang="cs">Setkání v Lucemburku/);
      assert.doesNotMatch(csInEn, /not been translated/);
      assert.ok(csInEn.includes(`You are reading this post in Czech. <a href="/en${SEED}">Read it in English</a>`));
      assert.match(csInEn, new RegExp(`<a href="/en${SEED}" hreflang="en" lang="en">English</a>`));
      // And the other way round.
      const enInCs = spaces((await as.visitor.get(`/cs${SEED}?view=en`)).body);
      assert.doesNotMatch(enInCs, /nebyl přeložen/);
      assert.ok(
        enInCs.includes(`Tento příspěvek čtete v jazyce angličtina. <a href="/cs${SEED}">Číst v jazyce čeština</a>`),
      );
      // The switcher of the header: the same post in Czech, the translation, no notice.
      const switched = await as.visitor.get(`/language/cs?path=${encodeURIComponent(SEED)}`);
      const cs = spaces((await as.visitor.get(String(switched.headers.location))).body);
      assert.match(cs, /<h1>Setkání v Lucemburku/);
      assert.doesNotMatch(cs, /nebyl přeložen|Tento příspěvek čtete/);
      // A post without a Czech translation still says so.
      const untranslated = await as.visitor.get('/cs/partnerships/digital-transition/news/kick-off-in-oulu');
      assert.match(untranslated.body, /nebyl přeložen/);
    },
  );
});

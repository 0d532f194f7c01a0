// One visibility rule per content type, applied by every surface (issue 11, finding 3): a post
// that is a draft, scheduled, members-only (from the start, or made so after it was out) or
// deleted is named only where its reader may see it: its page and its JSON, the news lists,
// the home page, the partnership's activity stream, the feeds, the tag list, pages and feeds,
// and notifications (a member who left is not told about it any more, nor shown it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClock } from '../src/core/shared/reads.js';
import { migration as newsReferences } from '../src/modules/news/migrations/20261206070200_news_references.js';
import { forEachEngine } from './helpers/app.js';
import { SEED, setUp } from './support/news.js';

const DTP = '/partnerships/digital-transition';
const NEWS = `/en${DTP}/news`;

/** The hidden states: each post's title and tag carry its word (capitalised), and nothing else on the site does. */
const SECRETS = {
  draft: 'Zebra',
  scheduled: 'Yak',
  membersOnly: 'Okapi',
  madeMembersOnly: 'Ibis',
  deleted: 'Quagga',
} as const;
type Secret = keyof typeof SECRETS;
type Viewer = 'visitor' | 'outsider' | 'former' | 'member';
const VIEWERS: Viewer[] = ['visitor', 'outsider', 'former', 'member'];

/**
 * Where members see members-only posts: the post, the partnership's news and its activity stream (page and
 * API), and the home page's activity across partnerships.
 */
const MEMBERS_SEE = new Set([
  'post',
  'post api',
  'news list',
  'news api',
  'partnership',
  'partnership api',
  'home',
  'activity',
  'activity api',
  'notifications',
]);

forEachEngine('visibility: every surface names a hidden post only to those who may see it', (engine) => {
  test(
    'drafts, scheduled, members-only and deleted posts, read by a visitor, a non-member, a former member and ' +
      'a member: the HTML pages, the JSON, the feeds, the tags, the activity stream and notifications',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const db = urbis.ctx.db;
      const { coordinator: kaja, member: lotte, otherMember: pavel } = as;
      const slugOf = (word: string) => `${word.toLowerCase()}-notes`;

      // The coordinator writes one post per state, each with a tag of its own.
      for (const [state, word] of Object.entries(SECRETS) as [Secret, string][]) {
        const written = await kaja.post(
          `${NEWS}`,
          {
            title: `${word} notes`,
            summary: `About the ${word}.`,
            body: `The ${word} text.`,
            tags: `${word} tag`,
            lang: 'en',
            ...(state === 'membersOnly' ? { members_only: 'on' } : {}),
          },
          `${NEWS}/new`,
        );
        assert.equal(written.statusCode, 303, `${state} written`);
        const path = `${NEWS}/${slugOf(word)}`;
        assert.equal(written.headers.location, path);
        if (state === 'draft') continue;
        const when: Record<string, string> = state === 'scheduled' ? { publish_at: '2999-01-01T10:00' } : {};
        assert.equal((await kaja.post(`${path}/publish`, when, path)).statusCode, 303, `${state} published`);
      }
      const idOf = async (word: string) =>
        (await db.selectFrom('news_posts').select('id').where('slug', '=', slugOf(word)).executeTakeFirstOrThrow()).id;
      const okapi = await idOf(SECRETS.membersOnly);
      const postIds = new Map<Secret, number>();
      for (const [state, word] of Object.entries(SECRETS) as [Secret, string][]) postIds.set(state, await idOf(word));

      // While both are members, Pavel comments on the members-only post and Lotte replies, and the other way round.
      const comment = async (who: typeof kaja, body: string, parent?: number) => {
        const sent = await who.post(
          '/en/comments',
          { type: 'post', id: String(okapi), body, ...(parent ? { parent: String(parent) } : {}) },
          `${NEWS}/${slugOf(SECRETS.membersOnly)}`,
        );
        assert.equal(sent.statusCode, 303, body);
        return Number(/#comment-(\d+)$/.exec(String(sent.headers.location))?.[1]);
      };
      const byPavel = await comment(pavel, 'Pavel asks.');
      await comment(lotte, 'Lotte answers while Pavel is a member.', byPavel);
      const byLotte = await comment(lotte, 'Lotte asks.');
      await comment(pavel, 'Pavel answers.', byLotte);

      // The Ibis post is made members-only once out; the Quagga post is deleted once out (with a comment under it).
      const ibis = `${NEWS}/${slugOf(SECRETS.madeMembersOnly)}`;
      const edited = await kaja.post(
        ibis,
        {
          title: 'Ibis notes',
          summary: 'About the Ibis.',
          body: 'The Ibis text.',
          tags: 'Ibis tag',
          lang: 'en',
          members_only: 'on',
        },
        `${ibis}/edit`,
      );
      assert.equal(edited.statusCode, 303, 'made members-only');
      const quagga = `${NEWS}/${slugOf(SECRETS.deleted)}`;
      assert.equal((await kaja.post(`${quagga}/delete`, {}, `${quagga}/delete`)).statusCode, 303, 'deleted');

      // Pavel leaves; Lotte answers his comment again: he is not told about a post he may no longer read.
      const failures: string[] = [];
      const pavelId = (
        await db.selectFrom('users').select('id').where('handle', '=', 'pavel').executeTakeFirstOrThrow()
      ).id;
      const notesOfPavel = async () =>
        (await db.selectFrom('notifications').select('id').where('user_id', '=', pavelId).execute()).length;
      const before = await notesOfPavel();
      assert.ok(before >= 1, 'Pavel was told of the answer while a member');
      assert.equal((await pavel.post(`/en${DTP}/leave`, {}, `/en${DTP}`)).statusCode, 303);
      await comment(lotte, 'Lotte answers after Pavel left.', byPavel);
      if ((await notesOfPavel()) !== before) failures.push('former: told of an answer under a post they may not read');

      const browsers = { visitor: as.visitor, outsider: as.outsider, former: pavel, member: lotte };
      const tagPaths = (word: string) => {
        const tag = `${word.toLowerCase()}-tag`;
        return [`/en/tags/${tag}`, `/api/v1/tags/${tag}`, `/en/tags/${tag}.atom`];
      };
      const surfaces: [string, string][] = [
        ['partnership', `/en${DTP}`],
        ['partnership api', `/api/v1${DTP}`],
        ['news list', NEWS],
        ['news api', `/api/v1${DTP}/posts`],
        ['home', '/en/'],
        ['activity', '/en/activity'],
        ['activity api', '/api/v1/activity'],
        ['site feed', '/en/news.atom'],
        ['partnership feed', `${NEWS}.atom`],
        ['tag list', '/en/tags'],
        ['tag list api', '/api/v1/tags'],
      ];
      for (const viewer of VIEWERS) {
        const browser = browsers[viewer];
        const pages = new Map<string, { status: number; body: string }>();
        const open = async (url: string) => {
          const got = await browser.get(url);
          pages.set(url, { status: got.statusCode, body: got.body });
          return got;
        };
        for (const [, url] of surfaces) await open(url);
        if (viewer !== 'visitor') await open('/en/notifications');
        for (const [state, word] of Object.entries(SECRETS) as [Secret, string][]) {
          const membersOnly = state === 'membersOnly' || state === 'madeMembersOnly';
          const sees = (surface: string) => viewer === 'member' && membersOnly && MEMBERS_SEE.has(surface);
          // The title and the tag's label carry the word capitalised; an address (a 404 page links to itself) does not.
          const names = (body: string) => new RegExp(word).test(body);
          const check = (surface: string, url: string) => {
            const page = pages.get(url)!;
            if (names(page.body) !== sees(surface))
              failures.push(`${viewer}: ${surface} (${url}) ${sees(surface) ? 'does not name' : 'names'} ${state}`);
          };
          for (const [surface, url] of surfaces) check(surface, url);
          if (viewer !== 'visitor') {
            const expected = state === 'membersOnly' && viewer === 'member';
            const page = pages.get('/en/notifications')!;
            if (state === 'membersOnly' && names(page.body) !== expected)
              failures.push(`${viewer}: notifications ${expected ? 'do not name' : 'name'} ${state}`);
            if (state !== 'membersOnly' && names(page.body)) failures.push(`${viewer}: notifications name ${state}`);
          }
          // The post itself, as HTML and JSON: there for members (members-only), else a 404 that names nothing.
          const slug = slugOf(word);
          for (const [surface, url] of [
            ['post', `${NEWS}/${slug}`],
            ['post api', `/api/v1${DTP}/posts/${slug}`],
          ] as const) {
            const got = await open(url);
            if ((got.statusCode === 200) !== sees(surface))
              failures.push(`${viewer}: ${surface} of ${state} answers ${got.statusCode}`);
            check(surface, url);
          }
          // Its comments follow it: their API answers as the post does (and names no post).
          const comments = await open(`/api/v1/posts/${postIds.get(state)}/comments`);
          if ((comments.statusCode === 200) !== sees('post api') || names(comments.body))
            failures.push(`${viewer}: the comments of ${state} answer ${comments.statusCode}`);
          // A tag used only by hidden posts: no tag page, no feed, its label named nowhere public.
          for (const url of tagPaths(word)) {
            const got = await open(url);
            if (got.statusCode !== 404) failures.push(`${viewer}: ${url} answers ${got.statusCode} (${state})`);
            check('tag', url);
          }
        }
      }
      // A public post is named on every surface (so that the checks above can fail).
      const anchor = await as.visitor.get('/en/');
      assert.match(anchor.body, /Luxembourg meeting/i);
      assert.deepEqual(failures, []);

      // The activity stream keeps no title of its own: what it showed of the deleted post is gone from the database.
      const kept = await db.selectFrom('partnership_activity').select(['subject']).execute();
      assert.ok(!kept.some((row) => /Quagga|Okapi|Ibis|Yak/.test(row.subject)), 'no title stored in the stream');
    },
  );

  test('a scheduled post enters the activity stream when its time comes, not before, for no one', async (t) => {
    const { as } = await setUp(t, engine);
    const path = `${NEWS}/walrus-notes`;
    const written = await as.coordinator.post(
      NEWS,
      { title: 'Walrus notes', summary: '', body: 'The Walrus text.', tags: '', lang: 'en' },
      `${NEWS}/new`,
    );
    assert.equal(written.headers.location, path);
    const at = new Date(Date.now() + 3 * 3600_000);
    const publish = await as.coordinator.post(`${path}/publish`, { publish_at: `${at.toISOString()}` }, path);
    assert.equal(publish.statusCode, 303);
    // Signed-in readers (their pages are never kept in the page cache): a non-member, a member, the coordinator.
    for (const who of ['outsider', 'member', 'coordinator'] as const)
      assert.doesNotMatch((await as[who].get(`/en${DTP}`)).body, /Walrus/, `${who}: not before its time`);
    // The seam's clock, two minutes past its time: the stream's read is of another time bucket.
    const real = readClock.now;
    readClock.now = () => at.getTime() + 120_000;
    t.after(() => (readClock.now = real));
    for (const who of ['outsider', 'member', 'coordinator'] as const)
      assert.match((await as[who].get(`/en${DTP}`)).body, /Walrus notes/, `${who}: once out`);
  });

  test(
    'activity lines and notifications stored before references: turned into references, ' +
      'and what a deleted post left goes',
    async (t) => {
      const { urbis, ids } = await setUp(t, engine);
      const { db, dialect } = urbis.ctx;
      const post = await db
        .selectFrom('news_posts')
        .select(['id', 'title', 'partnership_id'])
        .where('slug', '=', SEED.split('/').pop()!)
        .executeTakeFirstOrThrow();
      // As the stream and notifications were written before: a title and a link, no reference.
      const line = (subject: string, path: string | null) => ({
        partnership_id: post.partnership_id,
        at: new Date().toISOString(),
        actor_id: null,
        kind: 'newsPublished',
        subject,
        path,
        members_only: 0 as never,
      });
      await db.deleteFrom('partnership_activity').execute();
      await db
        .insertInto('partnership_activity')
        .values([
          line(post.title, SEED),
          line('A post deleted long ago', null),
          line('A post gone without a trace', '/partnerships/digital-transition/news/gone'),
          { ...line('Lotte Verbeek', '/people/lotte'), kind: 'joined' },
        ])
        .execute();
      const note = (path: string) => ({
        user_id: ids.member,
        kind: 'comments.notification.reply',
        subject: post.title,
        path,
        created_at: new Date().toISOString(),
        read_at: null,
      });
      await db
        .insertInto('notifications')
        .values([note(`${SEED}#comment-1`), note(`${SEED}?thread=2#comment-3`), note(`${SEED}-2`), note('/elsewhere')])
        .execute();

      await db.transaction().execute((trx) => newsReferences.up(trx, dialect));

      const lines = await db
        .selectFrom('partnership_activity')
        .select(['kind', 'subject', 'path', 'subject_type', 'subject_id'])
        .orderBy('id')
        .execute();
      assert.deepEqual(lines, [
        { kind: 'newsPublished', subject: '', path: null, subject_type: 'post', subject_id: post.id },
        { kind: 'joined', subject: 'Lotte Verbeek', path: '/people/lotte', subject_type: null, subject_id: null },
      ]);
      const notes = await db
        .selectFrom('notifications')
        .select(['path', 'subject_type', 'subject_id'])
        .orderBy('id')
        .execute();
      assert.deepEqual(notes, [
        { path: `${SEED}#comment-1`, subject_type: 'post', subject_id: post.id },
        { path: `${SEED}?thread=2#comment-3`, subject_type: 'post', subject_id: post.id },
        { path: `${SEED}-2`, subject_type: null, subject_id: null },
        { path: '/elsewhere', subject_type: null, subject_id: null },
      ]);
      assert.match((await urbis.app.inject(`/en${DTP}`)).body, /Luxembourg meeting on implementing/);
    },
  );
});

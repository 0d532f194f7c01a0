import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { insertActivity } from './activity.queries.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';

const DTP = '/partnerships/digital-transition';
const NOTES = `${DTP}/pages/working-notes`;
const ABOUT = `${DTP}/pages/about`;

interface Line {
  at: string;
  kind: string;
  text: string;
  path: string;
  partnership: { slug: string; title: string };
}

/** The links of a section of a page (by its heading's id), in order. */
function linksIn(html: string, id: string): string[] {
  const section = new RegExp(`<section aria-labelledby="${id}">(.*?)</section>`, 's').exec(html)?.[1] ?? '';
  return [...section.matchAll(/<a href="([^"]*)"/g)].map(([, href]) => href!);
}

forEachEngine('the activity across partnerships (home page, /activity, profiles)', (engine) => {
  test('the hub’s rule for each reader; each line names its partnership; deleted content goes', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    const db = urbis.ctx.db;
    const other = await db
      .selectFrom('partnerships')
      .select(['id', 'slug'])
      .where('slug', '!=', 'digital-transition')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // Lines later than anything of the demo's, so that they come first.
    await insertActivity(db, {
      partnershipId: dtp,
      actorId: ids.member,
      kind: 'joined',
      at: '2031-01-01T10:00:00.000Z',
    });
    await insertActivity(db, {
      partnershipId: dtp,
      actorId: ids.member,
      kind: 'pageUpdated',
      subject: 'Working notes',
      path: NOTES,
      membersOnly: true,
      at: '2031-01-02T10:00:00.000Z',
    });
    await insertActivity(db, {
      partnershipId: dtp,
      actorId: ids.member,
      kind: 'pageUpdated',
      subject: 'About',
      path: ABOUT,
      at: '2031-01-03T10:00:00.000Z',
    });
    await insertActivity(db, {
      partnershipId: other.id,
      actorId: ids.outsider,
      kind: 'edited',
      at: '2031-01-04T10:00:00.000Z',
    });
    // The demo's line about the seed post (public), moved to the top.
    const seed = await db
      .selectFrom('news_posts')
      .select('id')
      .where('slug', '=', 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions')
      .executeTakeFirstOrThrow();
    const postLine = await db
      .selectFrom('partnership_activity')
      .select(['id', 'subject_id'])
      .where('subject_type', '=', 'post')
      .where('subject_id', '=', seed.id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('partnership_activity')
      .set({ at: '2031-01-05T10:00:00.000Z' })
      .where('id', '=', postLine.id)
      .execute();
    const post = { slug: 'luxembourg-meeting-on-implementing-and-scaling-up-the-actions', title: 'Luxembourg meeting' };

    const as = {
      visitor: '',
      member: await signInOnce(urbis, 'lotte'),
      outsider: await signInOnce(urbis, 'milan'),
      admin: await signInOnce(urbis, 'ines'),
    };
    const api = async (who: keyof typeof as, query = '') => {
      const response = await urbis.app.inject({ url: `/api/v1/activity${query}`, headers: { cookie: as[who] } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { items: Line[]; next: string | null };
    };
    const top = async (who: keyof typeof as) => (await api(who)).items.slice(0, 5).map((l) => `${l.kind} ${l.path}`);

    const postPath = `${DTP}/news/${post.slug}`;
    const everyone = [
      `newsPublished ${postPath}`,
      `edited /partnerships/${other.slug}`,
      `pageUpdated ${ABOUT}`,
      `joined /people/lotte`,
    ];
    assert.deepEqual((await top('visitor')).slice(0, 4), everyone);
    assert.deepEqual((await top('outsider')).slice(0, 4), everyone);
    const members = [...everyone.slice(0, 3), `pageUpdated ${NOTES}`, everyone[3]];
    assert.deepEqual(await top('member'), members);
    assert.deepEqual(await top('admin'), members);
    // Each line names its partnership, in the reader's language.
    const [first] = (await api('visitor')).items;
    assert.equal(first!.partnership.slug, 'digital-transition');
    assert.equal(first!.text.includes(post.title), true);

    // The home page: the same lines, linked, each with its partnership.
    const home = async (who: keyof typeof as) =>
      linksIn((await urbis.app.inject({ url: '/en/', headers: { cookie: as[who] } })).body, 'home-activity');
    const visitorHome = await home('visitor');
    assert.ok(visitorHome.includes(`/en${ABOUT}`), visitorHome.join('\n'));
    assert.ok(visitorHome.includes(`/en/partnerships/${other.slug}`));
    assert.ok(!visitorHome.includes(`/en${NOTES}`));
    assert.ok((await home('member')).includes(`/en${NOTES}`));

    // A profile: what the person did, as the reader may see it.
    const profile = async (who: keyof typeof as) =>
      linksIn(
        (await urbis.app.inject({ url: '/en/people/lotte', headers: { cookie: as[who] } })).body,
        'profile-activity',
      );
    const seen = await profile('visitor');
    assert.deepEqual(
      seen.filter((href) => href !== `/en${DTP}`),
      [`/en${ABOUT}`, '/en/people/lotte'],
    );
    assert.ok((await profile('member')).includes(`/en${NOTES}`));
    assert.ok(!(await profile('outsider')).includes(`/en${NOTES}`));
    // Milan's line is on his profile, not on Lotte's.
    assert.ok(!seen.includes(`/en/partnerships/${other.slug}`));
    assert.ok((await profile('visitor')).length > 0);
    const milans = linksIn((await urbis.app.inject('/en/people/milan')).body, 'profile-activity');
    assert.ok(milans.includes(`/en/partnerships/${other.slug}`), milans.join('\n'));
    // The JSON twin of what one person did.
    const lottes = (await api('visitor', '?person=lotte')).items.map((l) => l.path);
    assert.deepEqual(lottes.slice(0, 2), [ABOUT, '/people/lotte']);

    // Deleted content goes: the page, the post.
    await db.deleteFrom('partnership_pages').where('partnership_id', '=', dtp).where('slug', '=', 'about').execute();
    const asked = await urbis.app.inject({ url: `/en${postPath}/delete`, headers: { cookie: as.admin } });
    const deleted = await urbis.app.inject({
      method: 'POST',
      url: `/en${postPath}/delete`,
      headers: { cookie: as.admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfTokenOf(asked.body) }).toString(),
    });
    assert.equal(deleted.statusCode, 303, deleted.body.slice(0, 300));
    const after = await top('visitor');
    assert.deepEqual(after.slice(0, 2), [`edited /partnerships/${other.slug}`, `joined /people/lotte`]);
    assert.ok(!(await profile('visitor')).includes(`/en${ABOUT}`));
  });

  test('/activity pages with `before`, newest first, none twice; bad cursor: 400; unknown person: 404', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const seen: Line[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/activity${next ? `?before=${encodeURIComponent(next)}` : ''}`;
      const body = (await urbis.app.inject(url)).json() as { items: Line[]; next: string | null };
      assert.ok(body.items.length <= 20);
      seen.push(...body.items);
      next = body.next;
      pages++;
    } while (next && pages < 50);
    assert.ok(pages > 1, 'the demo has more than one page of activity');
    const times = seen.map((l) => Date.parse(l.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const keys = seen.map((l) => `${l.at} ${l.kind} ${l.path}`);
    assert.equal(new Set(keys).size, keys.length);

    // The page: its lines and a link to the older ones.
    const html = (await urbis.app.inject('/en/activity')).body;
    assert.match(html, /<h1>Activity<\/h1>/);
    assert.match(html, /<a href="\/en\/activity\?before=\d+\.\d+" rel="next">/);
    const cs = (await urbis.app.inject('/cs/activity')).body;
    assert.match(cs, /<h1>Činnost<\/h1>/);

    for (const bad of ['x', '1.2147483648', '99999999999999999.1', '1.0', '-1', '%00']) {
      for (const url of [`/api/v1/activity?before=${bad}`, `/en/activity?before=${bad}`]) {
        const response = await urbis.app.inject(url);
        assert.equal(response.statusCode, 400, `${url}: ${response.body.slice(0, 200)}`);
      }
    }
    const problem = (await urbis.app.inject('/api/v1/activity?before=x')).json() as { errors?: { pointer: string }[] };
    // Not a cursor's shape: the schema's check names it; the shape but not one this site gives: the cursor's.
    assert.equal(problem.errors?.[0]?.pointer, '/querystring/before');
    const outOfRange = (await urbis.app.inject('/api/v1/activity?before=1.2147483648')).json() as {
      errors?: { pointer: string }[];
    };
    assert.equal(outOfRange.errors?.[0]?.pointer, '/query/before');
    assert.equal((await urbis.app.inject('/api/v1/activity?person=nobody-here')).statusCode, 404);
    assert.equal((await urbis.app.inject('/en/activity?person=lotte')).statusCode, 200);
  });
});

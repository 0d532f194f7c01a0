import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { forEachEngine } from '../../../test/helpers/app.js';
import { DRAFT, MEMBERS_ONLY, SEED, setUp, spaces } from '../../../test/support/news.js';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
/** The entries of an Atom feed, read by an independent parser. */
function entriesOf(
  body: string,
): { title: string; link: string; summary?: string; content?: string; enclosures: Record<string, string>[] }[] {
  const doc = xml.parse(body) as { feed?: { entry?: unknown } };
  assert.ok(doc.feed, 'an Atom feed');
  const raw = doc.feed.entry === undefined ? [] : Array.isArray(doc.feed.entry) ? doc.feed.entry : [doc.feed.entry];
  return raw.map((e: Record<string, unknown>) => ({
    title: String((e.title as Record<string, unknown>)['#text'] ?? e.title),
    link: String(
      ([e.link].flat() as Record<string, string>[]).find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate')?.[
        '@href'
      ],
    ),
    enclosures: ([e.link].flat() as Record<string, string>[]).filter((l) => l['@rel'] === 'enclosure'),
    ...(e.summary ? { summary: String((e.summary as Record<string, unknown>)['#text'] ?? e.summary) } : {}),
    ...(e.content ? { content: String((e.content as Record<string, unknown>)['#text'] ?? e.content) } : {}),
  }));
}

forEachEngine('news', (engine) => {
  test(
    'the seed post in Czech: its title, body, tags and the Czech author line with the date as Czech readers ' +
      'write it; in English, the EU way',
    async (t) => {
      const { as } = await setUp(t, engine);
      const page = await as.visitor.get(`/cs${SEED}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Setkání v Lucemburku o provádění a rozšiřování akcí<\/h1>/);
      assert.match(page.body, /<h2>Akce v praxi<\/h2>/);
      assert.match(page.body, /<strong>Digital Cities Challenge<\/strong>/);
      for (const label of [
        'setkání',
        'Digitální transformace',
        'provádění',
        'Digital Cities Challenge',
        'GŘ CNECT',
        'Lucemburk',
      ]) {
        assert.match(page.body, new RegExp(`<a class="tag" href="/cs/tags/[a-z-]+">${label}</a>`), label);
      }
      assert.ok(
        spaces(page.body).includes('Vytvořil uživatel Eva Novotná dne 12. 3. 2019 16:39'),
        'the Czech author line',
      );
      assert.match(page.body, /hreflang="en" lang="en">English<\/a>/, 'offers the English original');
      assert.match(page.body, /in the pipeline/, 'the demo comment, from the comments module, under the post');
      // In English: the original; asking for Czech shows the translation marked with its language.
      const en = await as.visitor.get(`/en${SEED}`);
      assert.match(en.body, /<h1>Luxembourg meeting on implementing and scaling up the actions<\/h1>/);
      // EU dates in English: day, month, year, 24 hours.
      assert.ok(spaces(en.body).includes('Created by Eva Novotná on 12 March 2019, 16:39'));
      const csInEn = await as.visitor.get(`/en${SEED}?view=cs`);
      assert.match(csInEn.body, /<h1 lang="cs">Setkání v Lucemburku/);
      // An untranslated post in Czech: the English original, marked.
      const untranslated = await as.visitor.get('/cs/partnerships/digital-transition/news/kick-off-in-oulu');
      assert.match(untranslated.body, /<h1 lang="en">Kick-off in Oulu<\/h1>/);
      assert.match(untranslated.body, /nebyl přeložen/);
      const api = (await as.visitor.get(`/api/v1${SEED.replace('/news/', '/posts/')}`)).json();
      assert.equal(api.publishedAt, '2019-03-12T15:39:00.000Z');
      assert.deepEqual(api.languages, ['en', 'cs']);
    },
  );

  test(
    'a members-only post is a 404 for visitors and outsiders, ' + 'and absent from lists, feeds, tag pages and the API',
    async (t) => {
      const { as } = await setUp(t, engine);
      for (const who of ['visitor', 'outsider'] as const) {
        assert.equal((await as[who].get(`/en${MEMBERS_ONLY}`)).statusCode, 404, who);
        assert.equal((await as[who].get(`/api/v1${MEMBERS_ONLY.replace('/news/', '/posts/')}`)).statusCode, 404, who);
        assert.doesNotMatch(
          (await as[who].get('/en/partnerships/digital-transition/news')).body,
          /notes-for-action-leaders/,
        );
        assert.doesNotMatch(
          (await as[who].get('/api/v1/partnerships/digital-transition/posts')).body,
          /notes-for-action-leaders/,
        );
      }
      assert.equal((await as.member.get(`/en${MEMBERS_ONLY}`)).statusCode, 200);
      assert.match((await as.member.get('/en/partnerships/digital-transition/news')).body, /notes-for-action-leaders/);
      // Feeds and tag pages are public: never members-only posts, whoever asks.
      for (const url of [
        '/en/news.atom',
        '/en/partnerships/digital-transition/news.atom',
        '/en/tags/implementation',
        '/en/tags/implementation.atom',
        '/api/v1/tags/implementation',
      ]) {
        assert.doesNotMatch((await as.member.get(url)).body, /notes-for-action-leaders|Notes for action leaders/, url);
      }
      // The home page's activity is each reader's own: the members' stream names it, no one else's does.
      assert.match((await as.member.get('/en/')).body, /Notes for action leaders/);
      for (const who of ['visitor', 'outsider'] as const)
        assert.doesNotMatch((await as[who].get('/en/')).body, /notes-for-action-leaders|Notes for action leaders/, who);
    },
  );

  test(
    'drafts are seen only by their author and those who may publish them; ' + 'publishing puts a post everywhere',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      for (const who of ['visitor', 'outsider', 'member'] as const)
        assert.equal((await as[who].get(`/en${DRAFT}`)).statusCode, 404, who);
      assert.equal((await as.coordinator.get(`/en${DRAFT}`)).statusCode, 200);

      const written = await as.member.post(
        '/en/partnerships/digital-transition/news',
        {
          title: 'Our lab opens',
          summary: 'A short note.',
          body: 'We open **on Monday**.',
          tags: 'lab, Digital transition',
          lang: 'en',
        },
        '/en/partnerships/digital-transition/news/new',
      );
      assert.equal(written.statusCode, 303);
      const path = '/en/partnerships/digital-transition/news/our-lab-opens';
      assert.equal(written.headers.location, path);
      assert.equal((await as.member.get(path)).statusCode, 200, 'the author sees the draft');
      assert.match((await as.member.get(path)).body, /Draft/);
      for (const who of ['visitor', 'outsider', 'otherMember'] as const)
        assert.equal((await as[who].get(path)).statusCode, 404, who);
      assert.doesNotMatch((await as.visitor.get('/en/tags/lab')).body, /Our lab opens/);
      // A member may not publish; the coordinator may.
      assert.equal((await as.member.post(`${path}/publish`, {}, path)).statusCode, 404);
      assert.equal((await as.coordinator.post(`${path}/publish`, {}, path)).statusCode, 303);
      assert.equal((await as.visitor.get(path)).statusCode, 200);
      assert.match((await as.visitor.get('/en/partnerships/digital-transition/news')).body, /Our lab opens/);
      assert.match((await as.visitor.get('/en/tags/lab')).body, /Our lab opens/);
      assert.ok(entriesOf((await as.visitor.get('/en/news.atom')).body).some((e) => e.title === 'Our lab opens'));
      assert.match(
        (await as.visitor.get('/en/partnerships/digital-transition')).body,
        /Our lab opens/,
        'the activity stream says so',
      );
      // Scheduled: published with a future time stays hidden until then.
      await as.member.post(
        '/en/partnerships/digital-transition/news',
        { title: 'Next year', body: 'Soon.', lang: 'en' },
        '/en/partnerships/digital-transition/news/new',
      );
      const later = '/en/partnerships/digital-transition/news/next-year';
      assert.equal(
        (await as.coordinator.post(`${later}/publish`, { publish_at: '2999-01-01T10:00' }, later)).statusCode,
        303,
      );
      assert.equal((await as.visitor.get(later)).statusCode, 404);
      assert.match((await as.coordinator.get(later)).body, /Scheduled/);
      // A time without a zone is the platform's (Brussels) time; a time that does not parse is refused.
      await as.member.post(
        '/en/partnerships/digital-transition/news',
        { title: 'Back-dated', body: 'Old news.', lang: 'en' },
        '/en/partnerships/digital-transition/news/new',
      );
      const backDated = '/en/partnerships/digital-transition/news/back-dated';
      assert.equal(
        (await as.coordinator.post(`${backDated}/publish`, { publish_at: 'someday' }, backDated)).statusCode,
        400,
      );
      assert.equal(
        (await as.coordinator.post(`${backDated}/publish`, { publish_at: '2020-01-01T12:00' }, backDated)).statusCode,
        303,
      );
      assert.equal(
        (await as.visitor.get(backDated.replace(/^\/en/, '/api/v1').replace('/news/', '/posts/'))).json().publishedAt,
        '2020-01-01T11:00:00.000Z',
      );
      assert.equal(
        await urbis.ctx.db
          .selectFrom('news_posts')
          .select('id')
          .where('slug', '=', 'next-year')
          .executeTakeFirst()
          .then(Boolean),
        true,
      );
    },
  );

  test('the form tells what is wrong, field by field, and stores nothing', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const count = async () =>
      (
        await urbis.ctx.db
          .selectFrom('news_posts')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await count());
    const empty = await as.member.post(
      '/en/partnerships/digital-transition/news',
      { title: '', body: '', lang: 'en' },
      '/en/partnerships/digital-transition/news/new',
    );
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#field-title"/);
    assert.match(empty.body, /href="#field-body"/);
    const long = await as.member.post(
      '/en/partnerships/digital-transition/news',
      { title: 'x'.repeat(201), body: 'ok', lang: 'en' },
      '/en/partnerships/digital-transition/news/new',
    );
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /at most 200/);
    const lang = await as.member.post(
      '/en/partnerships/digital-transition/news',
      { title: 'A title', body: 'ok', lang: 'xx' },
      '/en/partnerships/digital-transition/news/new',
    );
    assert.equal(lang.statusCode, 400);
    assert.equal(Number(await count()), before);
    // Editing: the author changes the text and the tags.
    await as.member.post(
      '/en/partnerships/digital-transition/news',
      { title: 'Edit me', body: 'First.', lang: 'en', tags: 'one' },
      '/en/partnerships/digital-transition/news/new',
    );
    const path = '/en/partnerships/digital-transition/news/edit-me';
    assert.equal(
      (await as.member.post(path, { title: 'Edit me', body: 'Second.', lang: 'en', tags: 'two' }, `${path}/edit`))
        .statusCode,
      303,
    );
    const page = await as.member.get(path);
    assert.match(page.body, /Second\./);
    assert.match(page.body, /href="\/en\/tags\/two"/);
    assert.doesNotMatch(page.body, /href="\/en\/tags\/one"/);
    assert.equal((await as.otherMember.get(`${path}/edit`)).statusCode, 404);
  });

  test(
    'members write translations; readers see their language, ' + 'or the original marked, and are offered the others',
    async (t) => {
      const { as } = await setUp(t, engine);
      const path = '/en/partnerships/digital-transition/news/kick-off-in-oulu';
      assert.equal((await as.outsider.get(`${path}/translate`)).statusCode, 404);
      const form = await as.member.get(`${path}/translate?to=cs`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<option value="cs" selected>/);
      const same = await as.member.post(`${path}/translate`, { lang: 'en', title: 'x', body: 'y' });
      assert.equal(same.statusCode, 400);
      assert.match(same.body, /other than the original/);
      const saved = await as.member.post(
        `${path}/translate`,
        { lang: 'cs', title: 'Zahájení v Oulu', summary: 'Začátek.', body: 'Partneři se poprvé sešli v **Oulu**.' },
        `${path}/translate?to=cs`,
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${path}?view=cs`);
      const cs = await as.visitor.get('/cs/partnerships/digital-transition/news/kick-off-in-oulu');
      assert.match(cs.body, /<h1>Zahájení v Oulu<\/h1>/);
      assert.match(cs.body, /<strong>Oulu<\/strong>/);
      assert.match(cs.body, /hreflang="en" lang="en">English<\/a>/);
      const en = await as.visitor.get(path);
      assert.match(en.body, /<h1>Kick-off in Oulu<\/h1>/);
      assert.match(en.body, /hreflang="cs" lang="cs">čeština<\/a>/);
    },
  );

  test('the API writes a draft with a personal access token: 201, or a 400 problem', async (t) => {
    const { as } = await setUp(t, engine);
    const tokenOf = async (who: 'member' | 'outsider') => {
      const created = await as[who].post('/en/settings/tokens', { name: 'news' }, '/en/settings/tokens');
      const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(token);
      return token;
    };
    const token = await tokenOf('member');
    const call = (payload: unknown, bearer = token) =>
      as.visitor.app.inject({
        method: 'POST',
        url: '/api/v1/partnerships/digital-transition/posts',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const created = await call({ title: 'From the API', body: 'Written *remotely*.', lang: 'en', tags: 'api' });
    assert.equal(created.statusCode, 201);
    assert.equal(created.headers.location, '/api/v1/partnerships/digital-transition/posts/from-the-api');
    const post = created.json();
    assert.equal(post.status, 'draft');
    assert.equal(post.html, '<p>Written <em>remotely</em>.</p>\n');
    assert.deepEqual(
      post.tags.map((tag: { slug: string }) => tag.slug),
      ['api'],
    );
    const invalid = await call({ body: 'no title', lang: 'en' });
    assert.equal(invalid.statusCode, 400);
    assert.match(String(invalid.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      invalid.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/body/title'],
    );
    assert.equal((await call({ title: 'x', body: 'y', lang: 'en' }, await tokenOf('outsider'))).statusCode, 404);
    assert.equal((await call({ title: 'x', body: 'y', lang: 'en' }, 'urbis_not-a-token')).statusCode, 401);
  });

  test('feeds parse, with public published posts only, newest first', async (t) => {
    const { as } = await setUp(t, engine);
    const site = await as.visitor.get('/en/news.atom');
    assert.match(String(site.headers['content-type']), /application\/atom\+xml/);
    const entries = entriesOf(site.body);
    assert.ok(entries.length >= 10);
    assert.equal(entries[0]?.title, 'Trees before concrete');
    assert.ok(!entries.some((e) => /Draft|Notes for action leaders/.test(e.title)));
    const dtp = entriesOf((await as.visitor.get('/cs/partnerships/digital-transition/news.atom')).body);
    const seed = dtp.find((e) => e.link.endsWith(SEED.split('/').pop()!));
    assert.equal(seed?.title, 'Setkání v Lucemburku o provádění a rozšiřování akcí');
    assert.match(seed?.content ?? '', /<h2>Akce v praxi<\/h2>/);
    // Its attachment, under the text: an absolute link to the file, with its kind and size.
    assert.match(
      seed?.content ?? '',
      new RegExp(
        `<h2>Přílohy</h2><ul><li><a ` +
          `href="https?://[^"/]+/cs${SEED}/attachments/\\d+/programme-luxembourg-2019\\.txt">[^<]+</a> ` +
          `\\(text[^)]*\\)</li></ul>$`,
      ),
    );
    // And as an enclosure, with its media type and size, for feed readers that download them.
    assert.deepEqual(
      seed?.enclosures.map((l) => ({ ...l, '@href': l['@href']?.replace(/^https?:\/\/[^/]+/, '') })),
      [
        {
          '@rel': 'enclosure',
          '@href':
            `/cs${SEED}/attachments/${/attachments\/(\d+)\//.exec(seed?.content ?? '')?.[1]}/` +
            'programme-luxembourg-2019.txt',
          '@type': 'text/plain',
          '@length': String(seed?.enclosures[0]?.['@length']),
          '@title': 'programme-luxembourg-2019.txt',
        },
      ],
    );
    assert.ok(Number(seed?.enclosures[0]?.['@length']) > 100, 'its size in bytes');
    assert.equal(dtp.length, 6);
    // The home page's latest news: public posts that are out, newest first.
    const home = await as.visitor.get('/cs/');
    assert.match(home.body, /<h2 id="home-news">Nejnovější zprávy<\/h2>/);
    assert.match(home.body, /Trees before concrete[\s\S]*Twelfth meeting back in Eindhoven[\s\S]*Setkání v Lucemburku/);
  });
});

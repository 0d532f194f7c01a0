import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { forEachEngine } from '../../../test/helpers/app.js';
import { setUp } from './news.testing.js';

const CORPORA = new URL('../../../../shared/corpora/', import.meta.url);
const lines = (file: string, count = Infinity) =>
  readFileSync(new URL(file, CORPORA), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, count);
const PAYLOADS = [...lines('PayloadsAllTheThings/XSS Injection/Intruders/XSS_Polyglots.txt'), ...lines('xss-payload-list/Intruder/xss-payload-list.txt', 200)];

/** Problems with a piece of HTML: a script element, an event handler attribute, a javascript: address. */
function unsafe(html: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('<script');
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    const bare = tag.replace(/"[^"]*"/g, '""').replace(/'[^']*'/g, "''");
    if (/[\s/]on[a-z]+\s*=/i.test(bare)) problems.push(`event handler in ${tag.slice(0, 120)}`);
    if (/\b(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):/i.test(tag)) problems.push(`script address in ${tag.slice(0, 120)}`);
  }
  return problems;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const text = (v: unknown): string => (v && typeof v === 'object' ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v ?? ''));

forEachEngine('news: hostile input', (engine) => {
  test(`${PAYLOADS.length} XSS payloads as title, body and tag label stay inert in pages, feeds and JSON`, { timeout: 600_000 }, async (t) => {
    const { as } = await setUp(t, engine);
    assert.ok(PAYLOADS.length >= 210, 'the corpora are there');
    const problems: string[] = [];
    const tagSlugs = new Set<string>();
    const check = (where: string, html: string) => {
      for (const p of unsafe(html)) problems.push(`${where}: ${p}`);
    };
    for (const [i, payload] of PAYLOADS.entries()) {
      const title = `${i} ${payload}`.slice(0, 200);
      const created = await as.coordinator.post(
        '/en/partnerships/digital-transition/news',
        { title, summary: payload.slice(0, 600), body: payload, tags: payload.replace(/,/g, ' ').slice(0, 200), lang: 'en' },
        i === 0 ? '/en/partnerships/digital-transition/news/new' : undefined,
      );
      assert.equal(created.statusCode, 303, `payload ${i} is accepted: ${created.body.slice(0, 200)}`);
      const path = String(created.headers.location);
      assert.equal((await as.coordinator.post(`${path}/publish`, {})).statusCode, 303);
      const page = await as.visitor.get(path);
      assert.equal(page.statusCode, 200);
      check(`page ${i}`, page.body);
      const api = await as.visitor.get(path.replace(/^\/en/, '/api/v1').replace('/news/', '/posts/'));
      assert.match(String(api.headers['content-type']), /^application\/json/);
      const json = api.json() as { title: string; html: string; tags: { slug: string }[] };
      assert.equal(json.title, title.trim().replace(/\s+$/, ''), `payload ${i}: the title is kept as written`);
      check(`api html ${i}`, json.html);
      for (const tag of json.tags) tagSlugs.add(tag.slug);
    }
    // Lists, tag pages and feeds with every payload in them.
    let next: string | null = '/en/partnerships/digital-transition/news';
    let pages = 0;
    while (next && pages < 30) {
      const list = await as.visitor.get(next);
      check(`list ${next}`, list.body);
      next = /<a href="([^"]+)" rel="next"/.exec(list.body)?.[1]?.replace(/&amp;/g, '&') ?? null;
      pages++;
    }
    assert.ok(pages >= 10, 'the list pages through every post');
    check('tags list', (await as.visitor.get('/en/tags')).body);
    check('home', (await as.visitor.get('/en/')).body);
    for (const slug of tagSlugs) {
      check(`tag ${slug}`, (await as.visitor.get(`/en/tags/${slug}`)).body);
      const feed = (await as.visitor.get(`/en/tags/${slug}.atom`)).body;
      const doc = xml.parse(feed) as { feed: { entry?: unknown } };
      for (const e of [doc.feed.entry ?? []].flat() as Record<string, unknown>[]) {
        check(`tag feed ${slug} title`, text(e.title));
        check(`tag feed ${slug} summary`, text(e.summary));
      }
    }
    for (const url of ['/en/news.atom', '/en/partnerships/digital-transition/news.atom']) {
      const body = (await as.visitor.get(url)).body;
      if (/<script/i.test(body)) problems.push(`${url}: <script in the XML`);
      const doc = xml.parse(body) as { feed: { entry?: unknown } };
      const entries = [doc.feed.entry ?? []].flat() as Record<string, unknown>[];
      assert.equal(entries.length, 30, `${url} parses`);
      for (const e of entries) {
        // Titles and summaries are `type="html"`: a reader decodes them as HTML, so they must be escaped text.
        check(`${url} title`, text(e.title));
        check(`${url} summary`, text(e.summary));
        check(`${url} content`, text(e.content));
      }
    }
    assert.deepEqual(problems, []);
  });

  test('Markdown keeps the allow-list: no raw HTML, images, styles or script links; links get rel="nofollow noopener"', async (t) => {
    const { as } = await setUp(t, engine);
    const body = [
      '# Heading',
      '<iframe src="https://example.org"></iframe> <b style="color:red" onclick="x()">bold</b>',
      '[safe](https://example.org) [mail](mailto:a@example.org) [bad](javascript:alert(1)) [bad2](data:text/html,x) [rel](/en/)',
      '![picture](https://example.org/p.png)',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      '> quoted `code`',
    ].join('\n\n');
    const created = await as.coordinator.post('/en/partnerships/digital-transition/news', { title: 'Markdown', body, lang: 'en' }, '/en/partnerships/digital-transition/news/new');
    assert.equal(created.statusCode, 303);
    const html = (await as.coordinator.get(String(created.headers.location).replace(/^\/en/, '/api/v1').replace('/news/', '/posts/'))).json().html as string;
    assert.match(html, /<h2>Heading<\/h2>/);
    assert.match(html, /<a href="https:\/\/example.org" rel="nofollow noopener">safe<\/a>/);
    assert.match(html, /<a href="mailto:a@example.org" rel="nofollow noopener">mail<\/a>/);
    assert.doesNotMatch(html, /<iframe|<img|<b[ >]|<[a-z][^>]*\sstyle=|href="javascript|href="data|&lt;img/);
    assert.match(html, /&lt;iframe/);
    assert.match(html, /<table>/);
    assert.match(html, /<blockquote>/);
    assert.deepEqual(unsafe(html), []);
  });
});

// The XSS polyglots of test/corpora/ in Chromium, with JavaScript on. Each polyglot is
// written through the real forms as a post's title, summary, body (Markdown) and tags, as the
// name and description of an attachment, as a comment and as a reply; then the pages, feeds and
// JSON documents that show them are loaded, every element is focused and sent the events
// inline handlers answer (hover, press, click, keys, input, load, error …; clicks and
// submissions do not navigate), the real mouse goes over every string of the post pages, and
// the test fails if anything ran or was let in.
//
// Urbis's Content-Security-Policy would block an inline script anyway. The question here is
// whether the sanitising lets one through, so the browser gets the policy as
// Content-Security-Policy-Report-Only: nothing is blocked, and whatever tries to run is both
// run (and caught by the wrapped alert, confirm, prompt, print, eval, Function and string
// timers) and reported (a securitypolicyviolation event). Dialogs, console messages, page
// errors, popups and navigations count too, as does any element, event handler attribute or
// script address in the DOM that Urbis does not write. A control (an Urbis page with a
// polyglot spliced in raw, relaxed the same way) proves that the detector fires.
//
// Four suites, each with a browser and an application of its own (describeInBrowser gives a
// suite three minutes). news.xss.test.ts runs every string of the XSS lists, not only the
// polyglots, through the same pages statically, on both engines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { describeInBrowser, type BrowserSuite } from '../../../test/helpers/browser.js';
import { fit, isPolyglotList, tagsFieldOf, uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { Browser as FormClient } from '../../../test/support/accounts.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { DEMO_PASSWORD } from '../people/index.js';
import * as q from './news.queries.js';
import { SEED } from '../../../test/support/news.js';

// ── The polyglots ─────────────────────────────────────────────────────────────────────

const POLYGLOT_LISTS = xssLists().filter(isPolyglotList);
const POLYGLOTS = uniqueStrings(POLYGLOT_LISTS);

// ── The detector ──────────────────────────────────────────────────────────────────────

/** The mark of the test's own scripts in the page (Playwright evaluates them with `eval`). */
const PROBE = '/* urbis xss probe */';
const probe = (script: string) => `${PROBE}${script}`;

/**
 * Runs before any script of every document (and frame): wraps what payloads call, and keeps
 * what they did in `window.__xss`.
 */
const DETECTOR = `(() => {
  const hits = [];
  Object.defineProperty(window, '__xss', { value: hits });
  const note = (what) => { try { hits.push(String(what).slice(0, 300)); } catch { hits.push('(unprintable)'); } };
  const show = (args) =>
    Array.prototype.map.call(args, (a) => { try { return String(a); } catch { return '?'; } }).join(', ');
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function () { note(name + '(' + show(arguments) + ')'); };
  }
  // The test's own probes (page.evaluate goes through eval) carry a mark; anything else is a payload.
  const realEval = window.eval;
  window.eval = function (code) {
    if (!(typeof code === 'string' && code.startsWith(PROBE))) note('eval(' + code + ')');
    return realEval(code);
  };
  const RealFunction = window.Function;
  const WrappedFunction = function () {
    note('Function(' + show(arguments) + ')');
    return RealFunction.apply(this, arguments);
  };
  WrappedFunction.prototype = RealFunction.prototype;
  window.Function = WrappedFunction;
  for (const name of ['setTimeout', 'setInterval']) {
    const real = window[name];
    window[name] = function (handler) {
      if (typeof handler === 'string') note(name + '(' + handler + ')');
      return real.apply(this, arguments);
    };
  }
  // Styles are no scripts: Chromium's own XML viewer styles its markup inline (an injected style
  // attribute in a page is reported by the census instead).
  document.addEventListener('securitypolicyviolation', (e) => {
    if (!/^style-src/.test(e.violatedDirective)) {
      note('CSP report: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
    }
  }, true);
  window.addEventListener('error', (e) => { if (e instanceof ErrorEvent) note('script error: ' + e.message); });
})();`.replace('PROBE', JSON.stringify(PROBE));

/**
 * The elements Urbis's views write (and the Markdown allow-list of news.markdown.ts): anything else in a page was
 * injected.
 */
const ELEMENTS =
  'html head meta title link body header nav main footer section article aside div span p a ul ol li dl dt dd ' +
  'h1 h2 h3 h4 h5 h6 form fieldset legend label input select option textarea button details summary table ' +
  'caption thead tbody tr th td time code pre blockquote strong em br hr img cite small';

/**
 * Exercises a page and lists what it finds: every element focused and sent the events inline
 * handlers answer (clicks and submissions do not navigate: their default is prevented, and a
 * script address is reported instead of followed); then what is in the DOM that Urbis does not
 * write. In a JSON or XML document only script-capable things count (Chromium shows those
 * documents with markup of its own).
 */
const EXERCISE = probe(`(async () => {
  const found = [];
  const stop = (e) => e.preventDefault();
  for (const type of ['click', 'auxclick', 'submit']) window.addEventListener(type, stop, true);
  // Hover, focus, click, keys, input, and what fires by itself: every element gets these, and
  // also the events of any on* attribute it has.
  const events = ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'pointerenter', 'mousedown', 'pointerdown',
    'mouseup', 'pointerup', 'click', 'dblclick', 'focus', 'focusin', 'blur', 'keydown', 'keyup', 'input', 'change',
    'submit', 'toggle', 'load', 'error', 'animationstart', 'transitionend'];
  const all = [...document.querySelectorAll('*')];
  for (const el of all) {
    // Handlers of other events than the usual: whatever on* attribute there is, its event is sent too.
    const own = [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name.slice(2).toLowerCase());
    if (el.matches('a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]')) {
      try { el.focus({ preventScroll: true }); } catch {}
    }
    for (const type of [...events, ...own]) {
      try { el.dispatchEvent(new Event(type, { cancelable: true })); } catch {}
    }
  }
  for (const target of [window, document]) {
    for (const type of ['load', 'hashchange', 'popstate', 'resize', 'scroll', 'message', 'focus', 'blur']) {
      target.dispatchEvent(new Event(type));
    }
  }
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const isHtml = document.contentType === 'text/html';
  const allowed = new Set(${JSON.stringify(ELEMENTS.split(' '))});
  const XHTML = 'http://www.w3.org/1999/xhtml';
  const describe = (el) =>
    '<' + el.localName + [...el.attributes].map((a) => ' ' + a.name + '="' + a.value.slice(0, 60) + '"').join('') + '>';
  for (const el of document.querySelectorAll('*')) {
    if (isHtml
      ? el.namespaceURI !== XHTML || !allowed.has(el.localName)
      : ['http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML']
          .includes(el.namespaceURI) &&
        ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'base', 'form'].includes(el.localName)) {
      found.push('an element Urbis does not write: ' + describe(el));
    }
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push('an event handler: ' + describe(el));
      else if (isHtml && ['style', 'srcdoc', 'formaction', 'xlink:href', 'background', 'poster', 'data'].includes(name))
        found.push('a ' + name + ' attribute: ' + describe(el));
      else if (['href', 'src', 'action'].includes(name)) {
        let protocol = '';
        try { protocol = new URL(a.value, location.href).protocol; } catch { protocol = 'unparsable'; }
        if (!['http:', 'https:', 'mailto:'].includes(protocol))
          found.push('a ' + protocol + ' address: ' + describe(el));
      }
    }
  }
  if (isHtml && document.querySelectorAll('meta[http-equiv], base').length > 0)
    found.push('a <meta http-equiv> or <base>');
  return found;
})()`);

/**
 * A CSP that blocks nothing but reports everything its enforced twin would block (directives a report-only policy
 * ignores are left out: Chromium would warn of them in the console).
 */
const reportOnly = (policy: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^(frame-ancestors|upgrade-insecure-requests|sandbox)\b/.test(d))
    .join('; ');

/** Urbis's response headers with its CSP made to report only. */
function relax(headers: Record<string, string>): Record<string, string> {
  const relaxed = { ...headers };
  const policy = relaxed['content-security-policy'];
  delete relaxed['content-security-policy'];
  if (policy) relaxed['content-security-policy-report-only'] = reportOnly(policy);
  return relaxed;
}

/**
 * Fetches a document the browser asked for from Urbis and hands it over with the CSP only reporting (stylesheets and
 * images go straight through).
 */
async function relaxed(route: Route): Promise<void> {
  if (!route.request().isNavigationRequest()) return route.continue();
  const response = await route.fetch({ maxRedirects: 0 });
  await route.fulfill({ response, headers: relax(response.headers()) });
}

/** A context with JavaScript on, the detector in every document, and the CSP only reporting; `cookies` sign it in. */
async function detectingContext(env: BrowserSuite, contexts: BrowserContext[], cookies = ''): Promise<BrowserContext> {
  // Tall, so that a page's main content is in view at once for the mouse.
  const context = await env.browser.newContext({
    javaScriptEnabled: true,
    baseURL: env.origin,
    viewport: { width: 1280, height: 4000 },
  });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  await context.addInitScript(DETECTOR);
  await context.route(`${env.origin}/**`, relaxed);
  if (cookies) {
    await context.addCookies(
      cookies
        .split('; ')
        .filter(Boolean)
        .map((pair) => ({
          name: pair.slice(0, pair.indexOf('=')),
          value: pair.slice(pair.indexOf('=') + 1),
          url: env.origin,
        })),
    );
  }
  return context;
}

/**
 * Listens to a page for what scripts leave behind outside `window.__xss` (but for console messages matching
 * `expected`).
 */
function watch(page: Page, expected?: RegExp): string[] {
  const hits: string[] = [];
  page.on('dialog', (dialog) => {
    hits.push(`a ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    const text = message.text();
    if (!/Content Security Policy directive 'style-src/.test(text) && !expected?.test(text))
      hits.push(`console.${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => hits.push(`a page error: ${error.message}`));
  page.on('popup', (popup) => hits.push(`a popup: ${popup.url()}`));
  return hits;
}

type Kind = 'html' | 'json' | 'xml';

/**
 * Exercises the page that is loaded, and returns everything the detector saw. With `real`,
 * real input first: the keyboard through the first links and fields, and the mouse over every
 * element that shows a string.
 */
async function detect(page: Page, hits: string[], kind: Kind, loaded: string, real = false): Promise<string[]> {
  if (real && kind === 'html') {
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('Tab');
    // The mouse over where the strings are (the page is tall enough to show them all at once).
    const centres = (await page.evaluate(
      probe(
        `[...document.querySelectorAll('main :is(h1, .lead, .prose, .tags, .attachments, ` +
          `.comment__body)')].slice(0, 30).map((el) => { const r = el.getBoundingClientRect(); ` +
          `return [r.x + r.width / 2, r.y + r.height / 2]; })`,
      ),
    )) as [number, number][];
    for (const [x, y] of centres) await page.mouse.move(x, y);
  }
  const found = (await page.evaluate(EXERCISE)) as string[];
  // A timer a payload set (with a function) has its moment.
  await page.waitForTimeout(50);
  if (page.url() !== loaded) hits.push(`the page went elsewhere: ${page.url()}`);
  const noted = (await page
    .evaluate(probe('window.__xss ? [...window.__xss] : ["the detector is gone"]'))
    .catch(() => ['the page could not be read'])) as string[];
  return [...noted, ...hits, ...found];
}

/** Loads `url` in a new page of `context`, exercises it, and returns what ran or was injected. */
async function visit(context: BrowserContext, url: string, kind: Kind, real = false): Promise<string[]> {
  const page = await context.newPage();
  try {
    const hits = watch(page);
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, url);
    return await detect(page, hits, kind, page.url(), real);
  } finally {
    await page.close();
  }
}

/** `width` at a time (a few pages load at once). */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

// ── Writing the polyglots through the forms ───────────────────────────────────────────

const PARTNERSHIP = 'digital-transition';
const NEWS = `/en/partnerships/${PARTNERSHIP}/news`;
const API = `/api/v1/partnerships/${PARTNERSHIP}/posts`;
const COORDINATOR = 'kadri-saar@demo.urbis.eu';
const COMMENTER = 'eva-novotna@demo.urbis.eu';

/** The string, or its beginning and its end when it is longer than the field takes. */

/** A multipart form with one file (its name given as RFC 5987 `filename*`, so that any string can be one). */
function multipart(
  fields: Record<string, string>,
  file: { name: string; type: string; content: string },
): { body: string; contentType: string } {
  const boundary = `----urbis-xss-${Date.now().toString(36)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${ascii}"; ` +
      `filename*=UTF-8''${encodeURIComponent(file.name)}\r\nContent-Type: ${file.type}\r\n\r\n${file.content}\r\n`,
  );
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Written {
  text: string;
  path: string;
  postId: number;
  comment: number;
}

/** What a suite's `before` wrote: the posts, their tags, and the people who wrote them (signed in). */
interface Polyglots {
  written: Written[];
  tagSlugs: Set<string>;
  coordinator: FormClient;
  commenter: FormClient;
}

/**
 * Every polyglot through the forms: a post (title — its beginning and end when it is longer
 * than 200 characters —, summary, body and tags), published; a text file named after it and
 * described by it (refused, with a message that names it, when nothing that says ".txt" is
 * left after the last slash); a comment by a member, and the coordinator's reply.
 */
async function writePolyglots(env: BrowserSuite): Promise<Polyglots> {
  const { app, ctx } = env.urbis;
  const coordinator = new FormClient(app, { remoteAddress: '10.2.0.1' });
  const commenter = new FormClient(app, { remoteAddress: '10.2.0.2' });
  assert.equal((await coordinator.signIn(COORDINATOR, DEMO_PASSWORD)).statusCode, 303);
  assert.equal((await commenter.signIn(COMMENTER, DEMO_PASSWORD)).statusCode, 303);
  const partnershipId = (await partnershipIdOf(ctx.db, PARTNERSHIP))!;
  const written: Written[] = [];
  const tagSlugs = new Set<string>();
  for (const [k, text] of POLYGLOTS.entries()) {
    for (const title of fit(text, 200)) {
      const tags = tagsFieldOf(text);
      const created = await coordinator.post(
        NEWS,
        { title, summary: text, body: text, tags, lang: 'en' },
        `${NEWS}/new`,
      );
      assert.equal(created.statusCode, 303, `polyglot ${k} is accepted`);
      const postPath = String(created.headers.location);
      assert.equal((await coordinator.post(`${postPath}/publish`, {}, postPath)).statusCode, 303);
      const post = (await q.findPostBySlug(ctx.db, partnershipId, postPath.split('/').pop()!))!;
      const edit = await coordinator.get(`${postPath}/edit`);
      const form = multipart(
        { _csrf: /name="_csrf" value="([^"]+)"/.exec(edit.body)?.[1] ?? '', description: text },
        { name: `${text}.txt`, type: 'text/plain', content: 'A file with a hostile name.\n' },
      );
      const uploaded = await app.inject({
        method: 'POST',
        url: `${postPath}/attachments`,
        headers: { cookie: coordinator.header(), 'content-type': form.contentType },
        payload: form.body,
      });
      assert.ok(
        [303, 400].includes(uploaded.statusCode),
        `polyglot ${k}: the upload is kept or refused, ${uploaded.statusCode}`,
      );
      const comment = await commenter.post('/en/comments', { type: 'post', id: String(post.id), body: text }, postPath);
      assert.equal(comment.statusCode, 303, `polyglot ${k} is a comment`);
      const commentId = Number(/#comment-(\d+)$/.exec(String(comment.headers.location))?.[1]);
      const reply = await coordinator.post(
        '/en/comments',
        { type: 'post', id: String(post.id), parent: String(commentId), body: text },
        postPath,
      );
      assert.equal(reply.statusCode, 303, `polyglot ${k} is a reply`);
      const json = (await app.inject(`${API}/${post.slug}`)).json() as { tags: { slug: string }[] };
      for (const tag of json.tags) tagSlugs.add(tag.slug);
      written.push({ text, path: postPath, postId: post.id, comment: commentId });
    }
  }
  return { written, tagSlugs, coordinator, commenter };
}

/** Visits each (context, address, kind), a few at a time, and lists everything any of them ran or let in. */
async function visitAll(visits: readonly (readonly [BrowserContext, string, Kind, boolean?])[]): Promise<string[]> {
  const problems: string[] = [];
  await inParallel(visits, 4, async ([context, url, kind, real]) => {
    for (const hit of await visit(context, url, kind, real)) problems.push(`${url}: ${hit}`);
  });
  return problems;
}

const toApi = (postPath: string) =>
  postPath.replace(/^\/en\/partnerships\/([^/]+)\/news\//, '/api/v1/partnerships/$1/posts/');

/**
 * A suite with a browser and an application of its own (and so its own time limit), the
 * polyglots written through the forms before its tests, its browser contexts closed after.
 */
function polyglotSuite(
  title: string,
  suite: (env: BrowserSuite, polyglots: () => Polyglots, contexts: BrowserContext[]) => void,
): void {
  describeInBrowser(`XSS polyglots in Chromium with JavaScript on: ${title}`, { demo: true }, (env) => {
    const contexts: BrowserContext[] = [];
    let polyglots: Polyglots | undefined;
    before(async () => {
      polyglots = await writePolyglots(env);
    });
    after(async () => {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    });
    suite(env, () => polyglots!, contexts);
  });
}

polyglotSuite('the detector, and the post pages as readers see them', (env, polyglots, contexts) => {
  test(
    'the detector fires on every raw polyglot (and on the CSP report when the policy blocks one), ' +
      'and stays quiet on Urbis’s own pages',
    async (t) => {
      assert.ok(POLYGLOTS.length >= 10, `the polyglot lists are there: ${POLYGLOT_LISTS.join(', ')}`);
      const context = await detectingContext(env, contexts);
      // An Urbis page (the seed post) with a polyglot spliced in as it is, under the first
      // heading, and Urbis's headers made to report only, as for every page below.
      let enforce = false;
      await context.route(`${env.origin}/control/*`, async (route) => {
        const n = Number(route.request().url().split('/').pop());
        const response = await route.fetch({ url: `${env.origin}/en${SEED}` });
        const body = (await response.text()).replace('</h1>', `</h1>${POLYGLOTS[n]}`);
        const { 'content-length': _length, 'content-encoding': _encoding, ...headers } = response.headers();
        await route.fulfill({ status: 200, body, headers: enforce ? headers : relax(headers) });
      });
      const ran: number[] = [];
      await inParallel([...POLYGLOTS.keys()], 4, async (n) => {
        const hits = await visit(context, `/control/${n}`, 'html');
        if (hits.some((h) => /^(alert|confirm|prompt|print|eval|Function|a (alert|confirm|prompt) dialog)/.test(h)))
          ran.push(n);
        assert.ok(hits.length > 0, `the detector sees polyglot ${n} written raw into a page: ${POLYGLOTS[n]}`);
      });
      // Every polyglot is caught; most of them run a script outright.
      t.diagnostic(
        `${ran.length} of ${POLYGLOTS.length} polyglots run a script when written raw into a page; ` +
          `the detector catches all ${POLYGLOTS.length}`,
      );
      assert.ok(
        ran.length >= POLYGLOTS.length / 2,
        `${ran.length} of ${POLYGLOTS.length} polyglots run when written raw`,
      );
      assert.ok(ran.includes(0), 'the first polyglot (<sVg/oNloAd=alert()//>) runs');
      // With the policy enforced, nothing runs, and the violation is what shows it.
      enforce = true;
      const blocked = await visit(context, '/control/0', 'html');
      assert.ok(!blocked.some((h) => /^alert/.test(h)), `the enforced CSP blocks it: ${blocked.join('; ')}`);
      assert.ok(
        blocked.some((h) => /^CSP report: script-src/.test(h)),
        `the CSP report is caught: ${blocked.join('; ')}`,
      );
      // Urbis's own pages, without polyglots, give nothing away.
      assert.deepEqual(
        await visitAll([
          [context, `/en${SEED}`, 'html', true],
          [context, '/en/tags/meeting', 'html'],
          [context, '/en/news.atom', 'xml'],
          [context, toApi(`/en${SEED}`), 'json'],
        ]),
        [],
      );
    },
  );

  test(
    'the polyglots run nothing on the post pages (the mouse over each string, the keyboard through the page) ' +
      'and in the post’s JSON',
    async () => {
      const visitor = await detectingContext(env, contexts);
      // JSON is shown as text whatever it holds (news.xss.test.ts compares every value): a few of them.
      const problems = await visitAll([
        ...polyglots().written.map((w) => [visitor, w.path, 'html', true] as const),
        ...polyglots()
          .written.slice(0, 3)
          .map((w) => [visitor, toApi(w.path), 'json'] as const),
      ]);
      assert.deepEqual(problems, []);
    },
  );
});

polyglotSuite('the post pages, edit forms and comment forms of the signed-in', (env, polyglots, contexts) => {
  test(
    'the polyglots run nothing on the post pages of the coordinator (a moderator), ' +
      'the post’s edit form (with its attachments) and the comment’s pages (edit, delete, reply, hide)',
    async () => {
      const asCommenter = await detectingContext(env, contexts, polyglots().commenter.header());
      const asCoordinator = await detectingContext(env, contexts, polyglots().coordinator.header());
      const problems = await visitAll(
        polyglots().written.flatMap((w) => [
          [asCoordinator, w.path, 'html'] as const,
          [asCoordinator, `${w.path}/edit`, 'html'] as const,
          [asCommenter, `/en/comments/${w.comment}/edit`, 'html'] as const,
          // The pages the thread's action links lead to, which show the comment.
          [asCommenter, `/en/comments/${w.comment}/delete`, 'html'] as const,
          [asCoordinator, `/en/comments/${w.comment}/reply`, 'html'] as const,
          [asCoordinator, `/en/comments/${w.comment}/hide`, 'html'] as const,
        ]),
      );
      assert.deepEqual(problems, []);
    },
  );
});

polyglotSuite('lists, tags, feeds, notifications, moderation and JSON', (env, polyglots, contexts) => {
  test(
    'the polyglots run nothing in the lists, tag pages, ' + 'feeds, notifications, moderation queue and JSON',
    async () => {
      const visitor = await detectingContext(env, contexts);
      const asCoordinator = await detectingContext(env, contexts, polyglots().coordinator.header());
      // Reports with the polyglot as the reason, so that the moderation queue shows both.
      const reporter = new FormClient(env.urbis.app, { remoteAddress: '10.2.0.3' });
      assert.equal((await reporter.signIn('hanna-kowalczyk@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
      for (const w of polyglots().written.slice(0, 5))
        assert.equal(
          (await reporter.post(`/en/comments/${w.comment}/report`, { reason: w.text.slice(0, 500) }, w.path))
            .statusCode,
          303,
        );
      const second = /<a href="([^"]+)" rel="next"/
        .exec((await env.urbis.app.inject(NEWS)).body)?.[1]
        ?.replace(/&amp;/g, '&');
      const problems = await visitAll([
        [visitor, '/en/', 'html'],
        [visitor, NEWS, 'html'],
        ...(second ? [[visitor, second, 'html'] as const] : []),
        [visitor, '/en/tags', 'html'],
        [visitor, `/en/partnerships/${PARTNERSHIP}`, 'html'],
        [visitor, '/en/news.atom', 'xml'],
        [visitor, `${NEWS}.atom`, 'xml'],
        [visitor, API, 'json'],
        [visitor, '/api/v1/tags', 'json'],
        ...polyglots()
          .written.slice(0, 3)
          .map((w) => [visitor, `/api/v1/comments?type=post&id=${w.postId}`, 'json'] as const),
        [asCoordinator, '/en/', 'html'],
        [asCoordinator, '/en/notifications', 'html'],
        [asCoordinator, '/en/comments/reported', 'html'],
        ...[...polyglots().tagSlugs].flatMap((slug) => [
          [visitor, `/en/tags/${slug}`, 'html'] as const,
          [visitor, `/en/tags/${slug}.atom`, 'xml'] as const,
        ]),
      ]);
      assert.deepEqual(problems, []);
    },
  );
});

polyglotSuite('forms sent back with a message', (env, polyglots, contexts) => {
  test('the polyglots run nothing in the post and comment forms sent back with a message', async () => {
    const asCoordinator = await detectingContext(env, contexts, polyglots().coordinator.header());
    const asCommenter = await detectingContext(env, contexts, polyglots().commenter.header());
    const problems: string[] = [];
    const forms = POLYGLOTS.flatMap((text, n) => {
      const w = polyglots().written.find((w) => w.text === text)!;
      return [
        {
          n,
          context: asCoordinator,
          url: `${NEWS}/new`,
          fill: {
            '#field-title': `${text}${'!'.repeat(201)}`,
            '#field-summary': text,
            '#field-body': text,
            '#field-tags': text,
          },
        },
        { n, context: asCommenter, url: w.path, fill: { '#comment-body': `${text}${'!'.repeat(5001)}` } },
      ];
    });
    await inParallel(forms, 4, async ({ n, context, url, fill }) => {
      const page = await context.newPage();
      try {
        // The form sent back comes with a 400, which Chromium notes in the console.
        const hits = watch(page, /^Failed to load resource: the server responded with a status of 400/);
        await page.goto(url);
        // As a client that ignores the limits the form states would send it.
        await page.evaluate(
          probe(
            `for (const el of document.querySelectorAll('[maxlength], [required]')) ` +
              `{ el.removeAttribute('maxlength'); el.removeAttribute('required'); }`,
          ),
        );
        for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
        const form = page.locator(Object.keys(fill)[0]!).locator('xpath=ancestor::form');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          form.locator('button[type="submit"], button:not([type])').first().click(),
        ]);
        await page.waitForLoadState('load');
        assert.equal(response.status(), 400, `polyglot ${n}: ${url} is sent back`);
        for (const hit of await detect(page, hits, 'html', page.url()))
          problems.push(`polyglot ${n}, ${url} sent back: ${hit}`);
      } finally {
        await page.close();
      }
    });
    assert.deepEqual(problems, []);
  });
});

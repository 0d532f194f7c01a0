import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Urbis } from '../../src/app.js';
import { buildTestApp, SKIPS_FAIL, type TestAppOptions } from './app.js';

/** Debian's Chromium; never a browser downloaded by `npx playwright install`. */
export const CHROMIUM_PATH = process.env.URBIS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a browser suite shares between its tests; filled in by its `before` hook. */
export interface BrowserSuite {
  /** The one browser of this test file. */
  browser: Browser;
  /** The application, listening on 127.0.0.1. */
  urbis: Urbis;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** A page in a fresh context with JavaScript disabled (pages must work without it); closing it closes the context. */
  newPage(): Promise<Page>;
}

/**
 * Runs `suite` as `describe(title)` with one Chromium and one application (SQLite) shared
 * by its tests, both closed at the end. Without Chromium the suite is reported as skipped,
 * with the reason; in CI (or with URBIS_NO_SKIP=1) that is a failure instead.
 */
export function describeInBrowser(title: string, options: TestAppOptions, suite: (env: BrowserSuite) => void): void {
  if (!existsSync(CHROMIUM_PATH)) {
    if (SKIPS_FAIL) {
      describe(title, () => {
        throw new Error(`no Chromium at ${CHROMIUM_PATH}, and in CI the browser tests may not be skipped`);
      });
    } else {
      console.log(`# browser tests skipped: no Chromium at ${CHROMIUM_PATH}`);
      // A skipped test, not a skipped suite, so that the summary counts it.
      test(title, { skip: `no Chromium at ${CHROMIUM_PATH}` }, () => {});
    }
    return;
  }
  // A browser that stops answering fails the suite rather than hanging the run.
  describe(title, { timeout: 180_000 }, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const contexts: BrowserContext[] = [];
    const env = {} as BrowserSuite;
    before(async () => {
      const [browser, urbis] = await Promise.all([
        chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 }),
        buildTestApp({ after: (fn: () => Promise<void>) => void cleanups.push(fn) }, 'sqlite', options),
      ]);
      env.browser = browser;
      env.urbis = urbis;
      await urbis.app.listen({ port: 0, host: '127.0.0.1' });
      const address = urbis.app.server.address();
      if (!address || typeof address === 'string') throw new Error('the application is not listening on a TCP port');
      env.origin = `http://127.0.0.1:${address.port}`;
      env.newPage = async () => {
        const context = await browser.newContext({ javaScriptEnabled: false, baseURL: env.origin });
        context.setDefaultTimeout(10_000);
        contexts.push(context);
        const page = await context.newPage();
        page.once('close', () => void context.close().catch(() => {}));
        return page;
      };
    });
    after(async () => {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
      await env.browser?.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    suite(env);
  });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The violations, one paragraph each: rule id, impact, help, and every failing element. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => {
        const target = n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ');
        const summary = n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : '';
        return `    ${target}${summary}`;
      });
      return `  ${v.id} (${v.impact ?? 'no impact'}): ${v.help}\n    ${v.helpUrl}\n${targets.join('\n')}`;
    })
    .join('\n');
}

/**
 * Runs axe-core on the page for WCAG 2.1 A and AA, and throws a readable list of the
 * violations if there is any.
 *
 * axe needs JavaScript (its work is scheduled with timers, which never fire where scripts
 * are disabled), while the pages are visited with JavaScript disabled. So the document as
 * the reader without JavaScript has it (`page.content()`) is loaded again, at the same
 * address and with the site's own stylesheets, into a JavaScript-enabled page whose CSP
 * (`script-src 'none'`) still runs none of the page's scripts; `<noscript>` content is
 * unwrapped there, as a browser without JavaScript shows it. axe's source is evaluated
 * (not added as a <script>, which the CSP forbids).
 */
export async function checkAxe(page: Page): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('checkAxe needs a page of a launched browser');
  const mirrors = await mirrorContext(browser);
  // The mirror page is shared: checks on one browser take turns.
  const turn = mirrors.queue.then(() => runAxe(page, mirrors));
  mirrors.queue = turn.catch(() => {});
  return turn;
}

async function runAxe(page: Page, mirrors: Mirrors): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const url = page.url();
  const documentUrl = url.split('#')[0]!;
  mirrors.documents.set(documentUrl, await page.content());
  // One page for every check: the renderer then keeps axe's compiled code between checks.
  const mirror = mirrors.page;
  try {
    await mirror.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 });
    // Without the fragment: a fragment alone would not load the new document.
    await mirror.goto(documentUrl, { waitUntil: 'load' });
    await mirror.evaluate(`for (const ns of document.querySelectorAll('noscript')) {
      const t = document.createElement('template');
      t.innerHTML = ns.textContent;
      ns.replaceWith(t.content);
    }`);
    // Evaluated as a statement: axe attaches itself to `window`.
    await mirror.evaluate(`${axeSource}\n;void 0`);
    const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
    // page.evaluate has no timeout of its own: a run that never ends fails instead.
    const violations = await withTimeout(
      mirror.evaluate<AxeViolation[]>(
        `window.axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations.map((v) => ({ id: v.id, ` +
          `impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, ` +
          `failureSummary: n.failureSummary })) })))`,
      ),
      30_000,
      `axe did not finish on ${url}`,
    );
    if (violations.length > 0) {
      throw new Error(`${violations.length} accessibility violation(s) on ${url}:\n${formatViolations(violations)}`);
    }
  } finally {
    mirrors.documents.delete(documentUrl);
  }
}

interface Mirrors {
  page: Page;
  /** The check in progress, if any. */
  queue: Promise<void>;
  /** The HTML to serve, by document address (without fragment). */
  documents: Map<string, string>;
}
const mirrorContexts = new WeakMap<Browser, Promise<Mirrors>>();

/** One JavaScript-enabled page per browser, served the captured documents; closed with the browser. */
function mirrorContext(browser: Browser): Promise<Mirrors> {
  let mirrors = mirrorContexts.get(browser);
  if (!mirrors) {
    mirrors = (async () => {
      const documents = new Map<string, string>();
      const context = await browser.newContext({ javaScriptEnabled: true });
      context.setDefaultTimeout(10_000);
      await context.route('**/*', (route) => {
        const request = route.request();
        const html = request.isNavigationRequest() ? documents.get(request.url().split('#')[0]!) : undefined;
        if (html === undefined) return route.continue();
        return route.fulfill({
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'" },
          body: html,
        });
      });
      return { page: await context.newPage(), documents, queue: Promise.resolve() };
    })();
    mirrorContexts.set(browser, mirrors);
  }
  return mirrors;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What the keyboard focus is on, and how it is drawn. */
export interface FocusedElement {
  tag: string;
  id: string;
  text: string;
  href: string | null;
  lang: string | null;
  /** A CSS-like path, for messages. */
  path: string;
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
}

/** The focused element (document.activeElement), or null when it is the body. */
export async function focused(page: Page): Promise<FocusedElement | null> {
  return page.evaluate<FocusedElement | null>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const path = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      path.unshift(
        e.tagName.toLowerCase() +
          (e.id ? '#' + e.id : '') +
          (e.classList.length ? '.' + [...e.classList].join('.') : '')
      );
    }
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80),
      href: el.getAttribute('href'),
      lang: el.getAttribute('lang'),
      path: path.join(' > '),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
    };
  })()`);
}

/** A computed colour with no alpha, or `transparent`. */
function isTransparent(color: string): boolean {
  return color === 'transparent' || /^rgba\([^)]*,\s*0(\.0+)?\)$/.test(color.trim());
}

/**
 * True when the focus is drawn: an outline of some width in a colour that shows, or a box
 * shadow with a colour that shows. (A transparent outline only shows in forced-colours mode.)
 */
export function hasVisibleFocus(element: FocusedElement): boolean {
  const outline =
    element.outlineStyle !== 'none' &&
    element.outlineStyle !== 'hidden' &&
    parseFloat(element.outlineWidth) > 0 &&
    !isTransparent(element.outlineColor);
  const shadowColors = element.boxShadow === 'none' ? [] : (element.boxShadow.match(/rgba?\([^)]*\)/g) ?? []);
  const shadow = shadowColors.some((c) => !isTransparent(c));
  return outline || shadow;
}

/** Signs in through the real form (no JavaScript needed) and waits for the home page. */
export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/en/sign-in');
  await page.fill('#field-email', email);
  await page.fill('#field-password', password);
  await Promise.all([page.waitForURL('**/en/'), page.locator('main form button[type="submit"]').click()]);
}

/** No horizontal scroll at the page's width. */
export async function fitsWidth(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${page.url()}: ${scroll} px wide at ${width}`);
}

/**
 * Presses Tab until `wanted` holds for the focused element, which must show its focus; fails
 * listing what the Tabs reached.
 */
export async function tabUntil(
  page: Page,
  wanted: (element: FocusedElement) => boolean,
  limit = 200,
): Promise<FocusedElement> {
  const reached: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (element && wanted(element)) {
      assert.ok(hasVisibleFocus(element), `no visible focus on ${element.path}`);
      return element;
    }
    reached.push(element ? `${element.tag} "${element.text}"` : '(nothing)');
  }
  assert.fail(`not reached after ${limit} Tabs on ${page.url()}:\n  ${reached.join('\n  ')}`);
}

/** Enter on what has the focus, waiting for the page it leads to. */
export async function enter(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

/** Tabs to the button or link with exactly this text and presses Enter. */
export async function activate(page: Page, text: string): Promise<void> {
  await tabUntil(page, (e) => (e.tag === 'button' || e.tag === 'a') && e.text.trim() === text);
  await enter(page);
}

/** Focuses a form control by its label and types, as a keyboard user would. */
export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(text);
}

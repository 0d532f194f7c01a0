// Test support for the comments module's tests (and the browser tests): a module of
// "things" that take comments, so that the tests do not depend on the news module, and an
// application with people to comment on them.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/types.js';
import { buildTestApp, type Engine } from '../helpers/app.js';
import { registeredModules } from '../../src/modules.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { Browser, STRONG_PASSWORD } from './accounts.js';
import type { Actor } from '../../src/core/auth/actor.js';
import { anyone } from '../../src/core/auth/policy.js';
import { defineModule, type CommentTarget, type ModuleContext } from '../../src/core/module.js';
import { Layout } from '../../src/core/views/Layout.js';
import { sendPage } from '../../src/core/http/html.js';

/**
 * A module of "things" for these tests, so that they do not depend on the news module:
 * thing 1 is public (written by `owner`, moderated by `mod`, commentable by anyone signed
 * in); thing 2 exists for nobody.
 */
export function thingModule(people: { owner: () => number | null }) {
  const resolve = async (_ctx: ModuleContext, id: number, actor: Actor): Promise<CommentTarget | null> =>
    id === 1
      ? {
          title: 'A thing to talk about',
          path: '/things/1',
          lang: 'en',
          partnershipId: null,
          authorId: people.owner(),
          membersOnly: false,
          mayComment: actor.kind === 'user',
          mayModerate: actor.kind === 'user' && actor.handle === 'mod',
        }
      : null;
  return defineModule({
    id: 'things',
    commentables: { thing: resolve },
    routes(app, ctx) {
      app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
        '/:lang/things/:id',
        { config: { policy: anyone } },
        async (request, reply) => {
          const id = Number(request.params.id);
          const page = request.page();
          if (!(await resolve(ctx, id, request.actor))) return reply.code(404).send('not found');
          // The comments' sections alone: what these tests count is the thread's sharing.
          const sections = ctx.modules
            .filter((m) => m.id === 'comments')
            .flatMap((m) => m.contentSections ?? [])
            .sort((a, b) => a.order - b.order);
          const blocks = await Promise.all(
            sections.map((s) => s.render(page, ctx, { type: 'thing', id, query: request.query })),
          );
          const doc = Layout({
            page,
            title: 'A thing to talk about',
            children: [<h1>A thing to talk about</h1>, ...blocks],
          });
          return sendPage(reply, doc);
        },
      );
    },
  });
}

export const PEOPLE = [
  ['owner', 'Olga Owner'],
  ['ana', 'Ana Horvat'],
  ['ben', 'Ben Brandt'],
  ['cy', 'Cy Costa'],
  ['dee', 'Dee Dunne'],
  ['mod', 'Mo Derator'],
] as const;
export type Handle = (typeof PEOPLE)[number][0];

/**
 * The application with the things module and PEOPLE (`owner` owns thing 1, `mod` moderates it); `as(handle)` is their
 * signed-in browser.
 */
export async function setUp(
  t: Parameters<typeof buildTestApp>[0],
  engine: Engine,
  env: Record<string, string> = {},
  demo = false,
) {
  let ownerId: number | null = null;
  const urbis = await buildTestApp(t, engine, {
    modules: [...registeredModules, thingModule({ owner: () => ownerId })],
    env,
    demo,
  });
  const ids = {} as Record<Handle, number>;
  for (const [handle, name] of PEOPLE)
    ids[handle] = await createUser(urbis.ctx.db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: name,
      password: STRONG_PASSWORD,
    });
  ownerId = ids.owner;
  // Accounts of standing (opened a month ago, addresses confirmed), so that their reports count
  // towards hiding a comment; a test of new accounts makes its own.
  await ageAccounts(urbis, Object.values(ids), 30);
  const browsers = new Map<Handle, Browser>();
  const as = async (handle: Handle) => {
    let browser = browsers.get(handle);
    if (!browser) {
      browser = new Browser(urbis.app, { remoteAddress: `10.0.0.${PEOPLE.findIndex(([h]) => h === handle) + 2}` });
      assert.equal(
        (await browser.signIn(`${handle}@example.eu`, STRONG_PASSWORD)).statusCode,
        303,
        `${handle} signs in`,
      );
      browsers.set(handle, browser);
    }
    return browser;
  };
  return { urbis, ids, as };
}

export const THING = '/en/things/1';

/** Makes accounts look opened `days` ago. */
export async function ageAccounts(urbis: { ctx: { db: Kysely<Database> } }, userIds: number[], days: number) {
  await urbis.ctx.db
    .updateTable('users')
    .set({ created_at: new Date(Date.now() - days * 86_400_000).toISOString() })
    .where('id', 'in', userIds)
    .execute();
}

/** Posts a comment (or a reply) as someone and returns its id. */
export async function post(browser: Browser, body: string, parent?: number): Promise<number> {
  const response = await browser.post(
    '/en/comments',
    { type: 'thing', id: '1', body, ...(parent ? { parent: String(parent) } : {}) },
    THING,
  );
  assert.equal(response.statusCode, 303, response.body.slice(0, 400));
  const match = /^\/en\/things\/1#comment-(\d+)$/.exec(String(response.headers.location));
  assert.ok(match?.[1], `redirected back to the comment: ${response.headers.location}`);
  return Number(match[1]);
}

/** The text of one comment's article. */
export function articleOf(html: string, id: number): string {
  const start = html.indexOf(`<article id="comment-${id}"`);
  assert.ok(start >= 0, `comment ${id} is on the page`);
  return html.slice(start, html.indexOf('</article>', start));
}

/** The comments section of a page (the thread, its paging and the form under it). */
export function sectionOf(html: string): string {
  const start = html.indexOf('<section class="comments"');
  assert.ok(start >= 0, 'the comments are on the page');
  return html.slice(start, html.indexOf('</section>', start));
}

/**
 * One comment's action links as [text, address], in order (a text without a link, such as "You reported this comment.",
 * has no address).
 */
export function actionsOf(html: string, id: number): [string, string?][] {
  const bar = /<div class="comment__actions">(.*?)<\/div>/.exec(articleOf(html, id))?.[1] ?? '';
  return [
    ...bar.matchAll(
      /<a class="comment__action" href="([^"]+)">([^<]*)<\/a>|<span class="comment__action">([^<]*)<\/span>/g,
    ),
  ].map((m) => (m[1] ? [m[2]!, m[1]] : [m[3]!]));
}

/** The address of a comment's action link with this text; fails when there is none. */
export function actionLink(html: string, id: number, text: string): string {
  const href = actionsOf(html, id).find(([label]) => label === text)?.[1];
  assert.ok(href, `comment ${id} links to “${text}”: ${JSON.stringify(actionsOf(html, id))}`);
  return href;
}

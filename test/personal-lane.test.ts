// The lane for signed-in readers (core/http/personal-lane.ts) and the data version it stands on
// (core/db/data-version.ts): a reader's page is sent again only while their session and the data
// version are as they were, read from the database on each request. Two nodes on one database,
// the second deaf to the first, show that no node's memory decides what a reader may see.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { ensureDataVersion, unversionedTables } from '../src/core/db/data-version.js';
import { toFlag } from '../src/core/db/dialect.js';
import { PersonalLane } from '../src/core/http/personal-lane.js';
import type { Session } from '../src/core/http/session.js';
import { createUser } from '../src/modules/accounts/index.js';
import { forEachEngine, openTestDatabase } from './helpers/app.js';
import { Browser } from './support/accounts.js';
import { twoNodes } from './support/nodes.js';

const DEMO_PASSWORD = 'urbis-demo-2026';
const DTP = '/en/partnerships/digital-transition';
const POST = `${DTP}/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions`;
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html' };

describe('the lane: its own rules', () => {
  let clock = 1_000_000;
  let generation = 0;
  const session = (over: Partial<Session> = {}): Session => ({
    id: 'hash-of-cookie',
    userId: 7,
    createdAt: '2026-12-01T00:00:00.000Z',
    authenticatedAt: '2026-12-01T00:00:00.000Z',
    dataVersion: 5,
    unchangedUntil: clock + 3_600_000,
    ...over,
  });
  let current: Session | null = session();
  const lane = new PersonalLane({
    seconds: 60,
    maxBytes: 1_000_000,
    sessionCookie: 'urbis_session',
    peek: async () => current,
    generation: () => generation,
    now: () => clock,
  });
  const request = (url: string, cookie = 'urbis_session=abc', method = 'GET') =>
    ({ url, method, rawHeaders: ['Cookie', cookie, 'Accept-Encoding', 'gzip'] }) as unknown as IncomingMessage;
  const response = () => {
    const sent: { status?: number; headers?: string[]; body?: Buffer } = {};
    return {
      sent,
      response: {
        writeHead: (status: number, headers: string[]) => Object.assign(sent, { status, headers }),
        end: (body?: Buffer) => Object.assign(sent, { body }),
      } as unknown as ServerResponse,
    };
  };
  const keep = (url: string, until = Infinity, cookie?: string) => {
    const ticket = lane.ticketFor(request(url, cookie), session(), generation);
    assert.ok(ticket);
    lane.store(ticket, ['content-type', 'text/html'], Buffer.from(`page ${url}`), until);
  };
  const serve = async (url: string, cookie?: string) => {
    const { sent, response: res } = response();
    const tried = lane.tryServe(request(url, cookie), res);
    return { served: tried === false ? false : await tried, sent };
  };

  test('sent again to the same session while its version holds; not to another cookie or address', async () => {
    keep('/en/a');
    const again = await serve('/en/a');
    assert.equal(again.served, true);
    assert.equal(again.sent.body?.toString(), 'page /en/a');
    assert.deepEqual(again.sent.headers, ['content-type', 'text/html', 'Content-Length', '10']);
    assert.equal((await serve('/en/a', 'urbis_session=other')).served, false, 'another session');
    assert.equal((await serve('/en/a', 'urbis_session=abc; urbis_lang=cs')).served, false, 'other cookies');
    assert.equal((await serve('/en/b')).served, false, 'another address');
    assert.equal(lane.keyOf(request('/en/a', 'xurbis_session=abc')), null, 'a cookie that only ends in the name');
  });

  test('not once the data version moved, the session ended or changed, or this node wrote', async () => {
    keep('/en/a');
    current = session({ dataVersion: 6 });
    assert.equal((await serve('/en/a')).served, false, 'the version moved');
    assert.equal(lane.size, 0, 'and the entry is gone');
    current = session();
    keep('/en/a');
    current = null;
    assert.equal((await serve('/en/a')).served, false, 'the session ended');
    current = session();
    keep('/en/a');
    current = session({ authenticatedAt: '2026-12-02T00:00:00.000Z' });
    assert.equal((await serve('/en/a')).served, false, 'the password was given again');
    current = session();
    keep('/en/a');
    generation++;
    assert.equal((await serve('/en/a')).served, false, 'a write on this node');
    const ticket = lane.ticketFor(request('/en/a'), session(), generation);
    generation++;
    lane.store(ticket!, [], Buffer.from('made before a write'), Infinity);
    assert.equal(lane.size, 0, 'a page made before a write is not kept');
  });

  test('not after the time bucket of a clock value it shows ends, nor once its session is due a refresh', async () => {
    keep('/en/clock', clock + 30_000);
    clock += 29_000;
    assert.equal((await serve('/en/clock')).served, true, 'within the bucket');
    clock += 1_000;
    assert.equal((await serve('/en/clock')).served, false, 'the bucket ended');
    const ticket = lane.ticketFor(request('/en/touch'), session({ unchangedUntil: clock + 5_000 }), generation);
    lane.store(ticket!, [], Buffer.from('x'), Infinity);
    clock += 5_000;
    assert.equal((await serve('/en/touch')).served, false, 'the session is due a refresh');
  });

  test('never for a token, a POST, or a session read before it had a version', () => {
    const withToken = {
      url: '/api/v1/x',
      method: 'GET',
      rawHeaders: ['Cookie', 'urbis_session=abc', 'Authorization', 'Bearer t'],
    } as unknown as IncomingMessage;
    assert.equal(lane.keyOf(withToken), null);
    assert.equal(lane.ticketFor(request('/en/a', undefined, 'POST'), session(), generation), null);
    assert.equal(lane.ticketFor(request('/en/a'), session({ dataVersion: -1 }), generation), null);
  });
});

forEachEngine('the data version', (engine) => {
  test('moves with every committed write to a table pages show, not with a rolled back one or a session', async (t) => {
    const database = await openTestDatabase(engine);
    t.after(() => database.close());
    const { db } = database;
    const version = async () =>
      Number((await db.selectFrom('core_data_version').select('n').where('id', '=', 1).executeTakeFirstOrThrow()).n);
    assert.deepEqual(await unversionedTables(db, database.dialect), [], 'every table has its triggers');

    const before = await version();
    await createUser(db, { email: 'v@example.eu', handle: 'v', displayName: 'V', password: 'a long password here' });
    const afterInsert = await version();
    assert.ok(afterInsert > before, 'an insert moves it');
    await db.updateTable('users').set({ display_name: 'Vera' }).where('handle', '=', 'v').execute();
    const afterUpdate = await version();
    assert.ok(afterUpdate > afterInsert, 'an update moves it');
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ display_name: 'Never' }).where('handle', '=', 'v').execute();
        throw new Error('roll back');
      }),
    );
    assert.equal(await version(), afterUpdate, 'a rolled back write leaves it');
    const user = await db.selectFrom('users').select('id').where('handle', '=', 'v').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db
      .insertInto('core_sessions')
      .values({
        id: 's',
        user_id: user.id,
        created_at: now,
        last_seen_at: now,
        expires_at: now,
        user_agent: null,
        authenticated_at: now,
      })
      .execute();
    assert.equal(await version(), afterUpdate, 'a session is not data pages show');
    await db.deleteFrom('users').where('handle', '=', 'v').execute();
    assert.ok((await version()) > afterUpdate, 'a delete moves it');

    // A table a later migration makes gets its triggers when the migrations have run.
    await db.schema.createTable('later_things').addColumn('id', 'integer').execute();
    assert.deepEqual(await unversionedTables(db, database.dialect), ['later_things']);
    assert.deepEqual(await ensureDataVersion(db, database.dialect), ['later_things']);
    const v = await version();
    await sql`insert into later_things (id) values (1)`.execute(db);
    assert.ok((await version()) > v, 'and moves it');
  });
});

forEachEngine('the lane for signed-in readers', (engine) => {
  test('a reader gets their page again from the lane, and at once not when anything changed on any node', async (t) => {
    const { a, b } = await twoNodes(engine, t);
    const db = a.ctx.db;
    const lane = b.app.personalLane;
    const password = 'a long enough password for tests';
    await createUser(db, { email: 'rita@example.eu', handle: 'rita', displayName: 'Rita Reader', password });
    const reader = new Browser(b.app, { remoteAddress: '10.2.0.1' });
    assert.equal((await reader.signIn('rita@example.eu', password)).statusCode, 303);
    const member = new Browser(b.app, { remoteAddress: '10.2.0.2' });
    assert.equal((await member.signIn('eva-novotna@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);

    const first = await reader.get(POST, BROWSER);
    assert.equal(first.statusCode, 200);
    const hits = lane.hits;
    const second = await reader.get(POST, BROWSER);
    assert.equal(second.statusCode, 200);
    assert.equal(lane.hits, hits + 1, 'the second time from the lane');
    assert.equal(second.body, first.body, 'the same page');
    assert.equal(second.headers['content-encoding'], first.headers['content-encoding']);
    assert.equal(second.headers['cache-control'], 'private, no-store');
    assert.ok(second.headers['content-security-policy'], 'with the security headers');
    const memberPage = await member.get(POST, BROWSER);
    assert.equal(lane.hits, hits + 1, 'another reader is not sent her page');
    assert.match(memberPage.body, /Eva/);
    assert.doesNotMatch(memberPage.body, /Rita Reader/);

    // The JSON twin too.
    const api = '/api/v1/partnerships/digital-transition/posts';
    const json = await reader.get(api, { 'accept-encoding': 'identity' });
    assert.equal(json.statusCode, 200);
    assert.equal((await reader.get(api, { 'accept-encoding': 'identity' })).body, json.body);
    assert.equal(lane.hits, hits + 2);
    // And a JSON read of its own that says so (`keepForReader`): the post's comments.
    const slug = POST.split('/').at(-1)!;
    const post = await db.selectFrom('news_posts').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const thread = await reader.get(`/api/v1/posts/${post.id}/comments`, { 'accept-encoding': 'identity' });
    assert.equal(thread.statusCode, 200);
    assert.equal(
      (await reader.get(`/api/v1/posts/${post.id}/comments`, { 'accept-encoding': 'identity' })).body,
      thread.body,
    );
    assert.equal(lane.hits, hits + 3);

    // A writes the post members-only; B, deaf to A, keeps Rita's page but does not send it.
    await db
      .updateTable('news_posts')
      .set({ members_only: toFlag(true) })
      .where('slug', '=', slug)
      .execute();
    assert.equal((await reader.get(POST, BROWSER)).statusCode, 404, 'members-only through A: not found on B');
    assert.equal((await member.get(POST, BROWSER)).statusCode, 200, 'a member still reads it');
    const hidden = await reader.get(`/api/v1/posts/${post.id}/comments`, { 'accept-encoding': 'identity' });
    assert.equal(hidden.statusCode, 404, 'nor its comments');
    // (Lists come from what B keeps until it hears of A's write, within a second when it listens:
    // the lane does not send its own copy meanwhile.)
    const kept = lane.hits;
    assert.equal((await reader.get(api, { 'accept-encoding': 'identity' })).statusCode, 200);
    assert.equal(lane.hits, kept, 'the list is made again, not sent from the lane');

    // Her unread notifications (a table no shared page shows) are counted in her header at once.
    const eva = await db.selectFrom('users').select('id').where('handle', '=', 'eva-novotna').executeTakeFirstOrThrow();
    await db
      .updateTable('notifications')
      .set({ read_at: new Date().toISOString() })
      .where('user_id', '=', eva.id)
      .execute();
    const read = await member.get(DTP, BROWSER);
    assert.doesNotMatch(read.body, /\d+ unread/, 'all read');
    assert.equal((await member.get(DTP, BROWSER)).body, read.body);
    const unread = lane.hits;
    await db
      .insertInto('notifications')
      .values({ user_id: eva.id, kind: 'test', subject: 'A test', path: '/en/', created_at: new Date().toISOString() })
      .execute();
    assert.match((await member.get(DTP, BROWSER)).body, /1 unread/, 'a new notification shows at once');
    assert.equal(lane.hits, unread, 'not from the lane');

    // Signed out on A (the session deleted): B sends no kept page for that cookie.
    await db.deleteFrom('core_sessions').execute();
    const gone = await member.get(POST, BROWSER);
    assert.equal(gone.statusCode, 404, 'her session ended: a visitor, who may not see the members-only post');
  });
});

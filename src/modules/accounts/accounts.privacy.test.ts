import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import yauzl from 'yauzl';
import { defineModule, type ModuleContext } from '../../core/module.js';
import type { Database } from '../../core/db/types.js';
import { listAudit } from '../../core/audit/audit.js';
import { registeredModules } from '../../modules.js';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { createUser, displayNameOf, findUserByHandle, findUsersByIds, TERMS_VERSION } from './index.js';
import { loadActor } from './accounts.service.js';
import { Browser, fieldError, STRONG_PASSWORD } from '../../../test/support/accounts.js';

/** The files of a zip and their text. */
async function unzip(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

/** Every row of every table of this test's database, as JSON text, by table. */
async function everyRow(db: Kysely<Database>, engine: string): Promise<Map<string, string>> {
  // On PostgreSQL, this schema's tables only: Kysely's introspection reads every schema of the
  // server, and fails when another test drops its own at that moment.
  const names =
    engine === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
        ).rows.map((row) => row.name)
      : (await db.introspection.getTables()).map((table) => table.name);
  const rows = new Map<string, string>();
  for (const name of names)
    rows.set(name, JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db)).rows));
  return rows;
}

/** A module that keeps something about people, as a later module would. */
const erased: number[] = [];
const notebookModule = defineModule({
  id: 'notebook',
  personalData: {
    async export(_ctx: ModuleContext, userId: number) {
      return { notes: [`note of user ${userId}`] };
    },
    async erase(ctx: ModuleContext, userId: number) {
      // It runs before the account itself is erased: the address is still there.
      const user = await ctx.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
      assert.notEqual(user.email, `deleted-${userId}`);
      erased.push(userId);
    },
  },
});

forEachEngine('accounts: download my data, delete my account', (engine) => {
  async function setup(t: Parameters<typeof buildTestApp>[0]) {
    const urbis = await buildTestApp(t, engine, { modules: [...registeredModules, notebookModule] });
    const browser = new Browser(urbis.app, { userAgent: 'Test browser 1.0' });
    await browser.register({
      displayName: 'Jana Nováková',
      email: 'jana@example.eu',
      handle: 'jana',
      password: STRONG_PASSWORD,
      terms: 'accepted',
    });
    await urbis.ctx.db.updateTable('users').set({ email_confirmed_at: new Date().toISOString() }).execute();
    await browser.signIn('jana@example.eu', STRONG_PASSWORD);
    const { id } = await urbis.ctx.db
      .selectFrom('users')
      .select('id')
      .where('handle', '=', 'jana')
      .executeTakeFirstOrThrow();
    return { ...urbis, browser, userId: id };
  }

  test(
    '"download my data" is a zip with one JSON file per module: the account, sessions, tokens without secrets, ' +
      'terms',
    async (t) => {
      const { ctx, browser, userId } = await setup(t);
      const token =
        /<code id="new-token">([^<]+)</.exec(
          (await browser.post('/en/settings/tokens', { name: 'Report script' }, '/en/settings/tokens')).body,
        )?.[1] ?? '';
      const page = await browser.get('/en/settings/privacy');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`You accepted the terms of use of ${TERMS_VERSION} on`));
      assert.match(page.body, /href="\/en\/settings\/privacy\/export"/);

      const response = await browser.get('/en/settings/privacy/export');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/zip');
      assert.match(
        String(response.headers['content-disposition']),
        /^attachment; filename="urbis-data-jana-\d{4}-\d{2}-\d{2}\.zip"$/,
      );
      assert.equal(response.headers['cache-control'], 'no-store');
      const files = await unzip(response.rawPayload);
      const expected = ctx.modules.filter((m) => m.personalData).map((m) => `${m.id}.json`);
      assert.ok(expected.includes('accounts.json') && expected.includes('notebook.json'));
      assert.deepEqual([...files.keys()].sort(), expected.sort());

      const accounts = JSON.parse(files.get('accounts.json') ?? '{}');
      assert.equal(accounts.account.id, userId);
      assert.equal(accounts.account.email, 'jana@example.eu');
      assert.equal(accounts.account.displayName, 'Jana Nováková');
      assert.equal(accounts.account.handle, 'jana');
      assert.equal(accounts.terms.version, TERMS_VERSION);
      assert.ok(accounts.terms.acceptedAt);
      assert.equal(accounts.sessions.length, 1);
      assert.equal(accounts.sessions[0].userAgent, 'Test browser 1.0');
      assert.deepEqual(Object.keys(accounts.accessTokens[0]).sort(), ['createdAt', 'lastUsedAt', 'name', 'prefix']);
      assert.equal(accounts.accessTokens[0].name, 'Report script');
      const text = [...files.values()].join('\n');
      assert.ok(!text.includes(token.slice(14)), 'no token secret');
      assert.ok(!/argon2|password_hash|passwordHash|token_hash/.test(text), 'no password or token hash');
      assert.ok(!text.includes(browser.cookie('urbis_session') ?? 'no cookie'), 'no session cookie');
      assert.deepEqual(JSON.parse(files.get('notebook.json') ?? '{}'), { notes: [`note of user ${userId}`] });
    },
  );

  test(
    'deleting the account asks for the password; then every module erases, the person cannot sign in, ' +
      'the old cookie is useless and the address is gone',
    async (t) => {
      const { app, ctx, browser, userId } = await setup(t);
      await browser.post('/en/settings/tokens', { name: 'Script' }, '/en/settings/tokens');
      const oldCookie = browser.header();
      const other = new Browser(app);
      await other.signIn('jana@example.eu', STRONG_PASSWORD);

      await browser.get('/en/settings/privacy');
      const wrong = await browser.post('/en/settings/privacy/delete', { password: 'not my password' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(fieldError(wrong.body, 'password'), 'This is not your current password.');
      const empty = await browser.post('/cs/settings/privacy/delete', {}, '/cs/settings/privacy');
      assert.equal(fieldError(empty.body, 'password'), 'Vyplňte hodnotu.');
      assert.equal((await loadActor(ctx.db, userId))?.kind, 'user', 'nothing deleted yet');

      const deleted = await browser.post(
        '/en/settings/privacy/delete',
        { password: STRONG_PASSWORD },
        '/en/settings/privacy',
      );
      assert.equal(deleted.statusCode, 200);
      assert.match(deleted.body, /Your account has been deleted/);
      assert.doesNotMatch(deleted.body, /Jana Nováková/, 'the page is a visitor’s');
      assert.equal(browser.cookie('urbis_session'), undefined, 'the cookie is cleared');
      assert.ok(erased.includes(userId), 'the other module erased its data');

      for (const cookie of [oldCookie, other.header()]) {
        const replay = await app.inject({ url: '/en/settings/account', headers: { cookie } });
        assert.equal(replay.statusCode, 303, 'an old session cookie signs nobody in');
      }
      assert.equal((await new Browser(app).signIn('jana@example.eu', STRONG_PASSWORD)).statusCode, 400);
      assert.equal(await loadActor(ctx.db, userId), null);

      const rows = await everyRow(ctx.db, engine);
      assert.ok(rows.has('users') && rows.has('core_sessions'));
      for (const [table, json] of rows) {
        assert.ok(!json.toLowerCase().includes('jana@example.eu'), `the address is gone from ${table}`);
        assert.ok(!json.includes('Jana Nováková'), `the name is gone from ${table}`);
      }
      const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      assert.equal(user.handle, `deleted-${userId}`);
      assert.equal(user.password_hash, null);
      assert.ok(user.deleted_at);
      const counts = await Promise.all(
        (['core_sessions', 'accounts_access_tokens', 'accounts_mail_tokens'] as const).map(async (table) =>
          Number(
            (
              await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where user_id = ${userId}`.execute(
                ctx.db,
              )
            ).rows[0]?.n,
          ),
        ),
      );
      assert.deepEqual(counts, [0, 0, 0]);

      // Contributions stay, by "deleted user".
      const summary = (await findUsersByIds(ctx.db, [userId])).get(userId);
      assert.equal(summary?.deleted, true);
      assert.equal(displayNameOf(summary!, ctx.i18n('en').t), 'deleted user');
      assert.equal(displayNameOf(summary!, ctx.i18n('cs').t), 'smazaný uživatel');
      assert.equal(await findUserByHandle(ctx.db, `deleted-${userId}`), null);

      const audit = await listAudit(ctx.db, {}, 10);
      assert.ok(
        audit.items.some(
          (e) => e.action === 'accounts.delete' && e.subjectId === String(userId) && e.actorId === userId,
        ),
      );

      // The address is free again for a new account.
      const again = await new Browser(app).register({
        displayName: 'Jana again',
        email: 'jana@example.eu',
        handle: 'jana',
        password: STRONG_PASSWORD,
        terms: 'accepted',
      });
      assert.equal(again.statusCode, 200);
      assert.ok(
        await ctx.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'jana@example.eu')
          .where('deleted_at', 'is', null)
          .executeTakeFirst(),
      );
    },
  );

  test('deletion needs the CSRF token, and a visitor cannot reach it', async (t) => {
    const { app, ctx, browser, userId } = await setup(t);
    const forged = await app.inject({
      method: 'POST',
      url: '/en/settings/privacy/delete',
      headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `password=${encodeURIComponent(STRONG_PASSWORD)}`,
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await loadActor(ctx.db, userId))?.kind, 'user');
    assert.equal((await new Browser(app).get('/en/settings/privacy/export')).statusCode, 303);
  });

  test('accounts made by a command have no terms acceptance, and the page says so', async (t) => {
    const { app, ctx } = await setup(t);
    await createUser(ctx.db, {
      email: 'admin@example.eu',
      handle: 'admin',
      displayName: 'Admin',
      password: STRONG_PASSWORD,
      isAdmin: true,
    });
    const admin = new Browser(app);
    await admin.signIn('admin@example.eu', STRONG_PASSWORD);
    assert.match((await admin.get('/en/settings/privacy')).body, /no acceptance of the terms is recorded/);
  });
});

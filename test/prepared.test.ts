import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { KEEP_PLAN } from '../src/core/db/connect.js';
import { preparedQuery } from '../src/core/db/prepared.js';
import type { Database } from '../src/core/db/types.js';
import { buildTestApp, forEachEngine } from './helpers/app.js';

forEachEngine('prepared queries', (engine) => {
  test(
    'compiled once, run with each call’s arguments; ' + 'a query whose parameters come out of order is built each time',
    async (t) => {
      const urbis = await buildTestApp(t, engine, { demo: true });
      const db = urbis.ctx.db;
      const users = await db.selectFrom('users').select(['id', 'handle']).orderBy('id').limit(3).execute();
      assert.equal(users.length, 3);
      let builds = 0;
      const byId = preparedQuery((d: Kysely<Database>, id: number) => {
        builds++;
        return d.selectFrom('users').select('handle').where('id', '=', id);
      });
      for (const user of users) assert.deepEqual(await byId(db, user.id), [{ handle: user.handle }]);
      assert.deepEqual(await byId(db, -1), []);
      assert.equal(builds, 1, 'built and compiled once for four calls');

      // The second argument lands first among the parameters: never reuse it with the wrong order.
      let swappedBuilds = 0;
      const swapped = preparedQuery((d: Kysely<Database>, id: number, handle: string) => {
        swappedBuilds++;
        return d.selectFrom('users').select('id').where('handle', '=', handle).where('id', '=', id);
      });
      const [a, b] = users;
      assert.deepEqual(await swapped(db, a!.id, a!.handle), [{ id: a!.id }]);
      assert.deepEqual(await swapped(db, b!.id, b!.handle), [{ id: b!.id }]);
      assert.deepEqual(await swapped(db, a!.id, b!.handle), []);
      assert.equal(swappedBuilds, 4, 'one probe, then built for each call');
    },
  );

  test('a read while another request’s transaction is open never sees what it has not committed', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const db = urbis.ctx.db;
    const [user] = await db.selectFrom('users').select(['id', 'handle']).orderBy('id').limit(1).execute();
    const handleOf = preparedQuery((d: Kysely<Database>, id: number) =>
      d.selectFrom('users').select('handle').where('id', '=', id),
    );
    assert.deepEqual(await handleOf(db, user!.id), [{ handle: user!.handle }], 'compiled, and read straight');
    let committed = false;
    let seen: Promise<{ rows: { handle: string }[]; afterCommit: boolean }> | undefined;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ handle: 'renamed-in-a-transaction' }).where('id', '=', user!.id).execute();
      // Another request reads now, while the transaction waits on something.
      seen = handleOf(db, user!.id).then((rows) => ({ rows, afterCommit: committed }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      committed = true;
    });
    const { rows, afterCommit } = await seen!;
    // SQLite has one connection: the read waits for the commit. PostgreSQL reads on another
    // connection at once, what was committed before. Either way, never the uncommitted handle.
    // (On PostgreSQL a read sent before the commit may be answered after it, on a busy machine:
    // then it has either handle, as committed when it ran.)
    const renamed = 'renamed-in-a-transaction';
    const allowed = !afterCommit ? [user!.handle] : engine === 'sqlite' ? [renamed] : [user!.handle, renamed];
    assert.equal(rows.length, 1);
    assert.ok(
      allowed.includes(rows[0]!.handle),
      `${afterCommit ? 'answered after the commit' : 'answered before the commit'}: ${rows[0]!.handle}`,
    );
    if (engine === 'sqlite') assert.ok(afterCommit, 'on SQLite it waited for the transaction to end');
  });

  test('a query marked KEEP_PLAN runs with each call’s values; PostgreSQL keeps it as a named statement', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const db = urbis.ctx.db;
    const users = await db.selectFrom('users').select(['id', 'handle']).orderBy('id').limit(3).execute();
    const handles = (on: Kysely<Database>, ids: number[]) =>
      sql<{ handle: string }>`${sql.raw(KEEP_PLAN)} select handle from users
        where id in (select unnest(${ids}::bigint[])) order by id`.execute(on);
    const kept = (ids: number[]) =>
      engine === 'sqlite'
        ? db
            .selectFrom('users')
            .select('handle')
            .where('id', 'in', ids.length ? ids : [-1])
            .orderBy('id')
            .execute()
        : handles(db, ids).then((r) => r.rows);
    // Seven times on a pool of four: each connection asked more than once, with other values each time.
    for (let i = 0; i < 7; i++) {
      const some = users.slice(0, (i % 3) + 1);
      assert.deepEqual(
        await kept(some.map((u) => u.id)),
        some.map((u) => ({ handle: u.handle })),
      );
    }
    assert.deepEqual(await kept([]), []);
    if (engine === 'postgres') {
      // On one connection, asked twice with other values: one named statement; and no JIT.
      const names = await db.connection().execute(async (c) => {
        assert.deepEqual((await handles(c, [users[0]!.id])).rows, [{ handle: users[0]!.handle }]);
        assert.deepEqual((await handles(c, [users[1]!.id])).rows, [{ handle: users[1]!.handle }]);
        return (
          await sql<{ name: string }>`select name from pg_prepared_statements
            where statement like ${`${KEEP_PLAN}%`}`.execute(c)
        ).rows;
      });
      assert.equal(names.length, 1);
      assert.match(names[0]!.name, /^urbis_[0-9a-f]{40}$/);
      const { rows: settings } = await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(db);
      assert.equal(settings[0]!.jit, 'off');
    }
  });
});

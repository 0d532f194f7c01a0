// Who may do what is read from the database on every request, never from what a process keeps:
// two nodes on one database, each with its own caches, and the second one deaf to the first's
// writes (as if its notice were lost). A coordinator demoted through one node cannot manage
// through the other; a post made members-only or deleted through one is gone on the other at
// once for signed-in readers, whatever the other still keeps of its content.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toFlag } from '../src/core/db/dialect.js';
import { createUser } from '../src/modules/accounts/index.js';
import { partnershipIdOf, putPerson } from '../src/modules/partnerships/membership.queries.js';
import { forEachEngine } from './helpers/app.js';
import { twoNodes } from './support/nodes.js';
import { Browser } from './support/accounts.js';

const DEMO_PASSWORD = 'urbis-demo-2026';
const DTP = '/en/partnerships/digital-transition';
const POST = `${DTP}/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions`;

forEachEngine('rights are read fresh on every node', (engine) => {
  test('a demotion, a post made members-only and a deleted post hold at once on the other node', async (t) => {
    const { a, b } = await twoNodes(engine, t);
    const db = a.ctx.db;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;

    // The coordinator manages through node B; node A demotes her.
    const kadri = new Browser(b.app, { remoteAddress: '10.1.0.1' });
    assert.equal((await kadri.signIn('kadri-saar@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    assert.equal((await kadri.get(`${DTP}/manage`)).statusCode, 200, 'a coordinator manages');
    const kadriId = (await db.selectFrom('users').select('id').where('handle', '=', 'kadri-saar').executeTakeFirst())!
      .id;
    await putPerson(db, dtp, kadriId, 'member');
    assert.equal((await kadri.get(`${DTP}/manage`)).statusCode, 404, 'demoted through A: B no longer lets her manage');
    const invited = await kadri.post(`${DTP}/invitations`, {
      email: 'new-coordinator@example.eu',
      role: 'coordinator',
    });
    assert.notEqual(invited.statusCode, 303, 'nor invite a coordinator');
    const invitations = await db
      .selectFrom('partnership_invitations')
      .select('id')
      .where('email', '=', 'new-coordinator@example.eu')
      .execute();
    assert.equal(invitations.length, 0, 'no invitation was made');

    // A signed-in reader who is not a member reads the seed post through B (B now keeps it)…
    const reader = new Browser(b.app, { remoteAddress: '10.1.0.2' });
    const password = 'a long enough password for tests';
    await createUser(db, { email: 'rita@example.eu', handle: 'rita', displayName: 'Rita Reader', password });
    assert.equal((await reader.signIn('rita@example.eu', password)).statusCode, 303);
    assert.equal((await reader.get(POST)).statusCode, 200);
    const member = new Browser(b.app, { remoteAddress: '10.1.0.3' });
    assert.equal((await member.signIn('eva-novotna@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    assert.equal((await member.get(POST)).statusCode, 200);

    // …A makes it members-only: on B it is gone for the non-member, and cannot be commented on.
    const slug = POST.split('/').at(-1)!;
    await db
      .updateTable('news_posts')
      .set({ members_only: toFlag(true) })
      .where('slug', '=', slug)
      .execute();
    assert.equal((await reader.get(POST)).statusCode, 404, 'members-only through A: not found on B');
    const post = (await db.selectFrom('news_posts').select('id').where('slug', '=', slug).executeTakeFirst())!;
    const comment = await reader.post(
      '/en/comments',
      { type: 'post', id: String(post.id), body: 'Still here?' },
      '/en/',
    );
    assert.equal(comment.statusCode, 404, 'nor commented on');
    assert.equal((await member.get(POST)).statusCode, 200, 'a member still reads it');

    // The administrator deletes it through A: gone on B for the member too.
    const admin = new Browser(a.app, { remoteAddress: '10.1.0.4' });
    assert.equal((await admin.signIn('admin@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
    assert.equal((await admin.post(`${POST}/delete`, {}, `${POST}/delete`)).statusCode, 303);
    assert.equal((await member.get(POST)).statusCode, 404, 'deleted through A: not found on B');
  });
});

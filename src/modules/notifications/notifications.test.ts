import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { createUser } from '../accounts/index.js';
import { Browser, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { countUnread, notify } from './index.js';
import { eraseNotifications, exportNotifications } from './notifications.service.js';

forEachEngine('notifications', (engine) => {
  test('a person’s notifications, newest first, 50 a page, marked read together; nobody else sees them', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const ana = await createUser(urbis.ctx.db, {
      email: 'ana@example.eu',
      handle: 'ana',
      displayName: 'Ana Horvat',
      password: STRONG_PASSWORD,
    });
    const ben = await createUser(urbis.ctx.db, {
      email: 'ben@example.eu',
      handle: 'ben',
      displayName: 'Ben Brandt',
      password: STRONG_PASSWORD,
    });
    for (let i = 0; i < 52; i += 1)
      await notify(urbis.ctx, ana, {
        kind: 'comments.notification.comment',
        subject: `Post <b>${i}</b>`,
        path: `/things/${i}`,
      });
    await notify(urbis.ctx, ben, { kind: 'comments.notification.reply', subject: 'For Ben only', path: '/things/ben' });

    const visitor = await urbis.app.inject('/en/notifications');
    assert.equal(visitor.statusCode, 303);
    const browser = new Browser(urbis.app, { remoteAddress: '10.1.0.2' });
    await browser.signIn('ana@example.eu', STRONG_PASSWORD);
    assert.match(
      (await browser.get('/en/')).body,
      /<a href="\/en\/notifications">You have 52 unread notifications<\/a>/,
      'the home page says so',
    );
    const page = await browser.get('/en/notifications');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You have 52 unread notifications/);
    assert.ok(page.body.indexOf('/en/things/51') < page.body.indexOf('/en/things/50'), 'newest first');
    assert.ok(!page.body.includes('/en/things/1"'), 'the oldest are on the next page');
    assert.ok(!page.body.includes('For Ben only'));
    assert.match(page.body, /New comment on “Post &lt;b>51&lt;\/b>”/, 'the subject is text');
    const next = /<a href="([^"]+)" rel="next">/.exec(page.body)?.[1];
    assert.ok(next);
    const second = await browser.get(next);
    assert.match(second.body, /\/en\/things\/1"/);
    assert.match(second.body, /\/en\/things\/0"/);

    const read = await browser.post('/en/notifications/read', {}, '/en/notifications');
    assert.equal(read.statusCode, 303);
    assert.equal(read.headers.location, '/en/notifications?done=read');
    assert.equal(await countUnread(urbis.ctx.db, ana), 0);
    assert.equal(await countUnread(urbis.ctx.db, ben), 1, 'only one’s own');
    const czech = await browser.get('/cs/notifications');
    assert.match(czech.body, /Nemáte žádná nepřečtená oznámení/);

    const exported = await exportNotifications(urbis.ctx, ana);
    assert.equal((exported.notifications as unknown[]).length, 52);
    await eraseNotifications(urbis.ctx, ana);
    assert.equal((await exportNotifications(urbis.ctx, ana)).notifications instanceof Array, true);
    assert.equal(((await exportNotifications(urbis.ctx, ana)).notifications as unknown[]).length, 0);
    assert.equal(await countUnread(urbis.ctx.db, ben), 1);
  });
});

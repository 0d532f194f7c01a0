// Notification settings and one-click unsubscribe, on both engines: the page (every declared kind,
// grouped by module, a radio group each, one Save), its API twin (GET, PUT; unknown kinds and
// deliveries refused at their field or as a 400 problem), and the link of every notification mail
// (GET says what it will do, POST does it without sign-in or form token, a mail client's one-click
// POST too; a forged or altered token is a 404 that changes nothing).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { setUp } from '../../../test/support/news.js';
import { declaredKinds } from './notifications.delivery.js';
import { unsubscribeToken } from './notifications.unsubscribe.js';

const REPLY = 'comments.notification.reply';
const REPORTED = 'comments.notification.reported';

const own = async (urbis: Urbis, userId: number) =>
  Object.fromEntries(
    (
      await urbis.ctx.db
        .selectFrom('notification_settings')
        .select(['kind', 'delivery'])
        .where('user_id', '=', userId)
        .execute()
    ).map((r) => [r.kind, r.delivery]),
  );

/** The value of the checked radio of a kind's group on the settings page. */
const checked = (html: string, kind: string) =>
  new RegExp(`name="${kind.replaceAll('.', '\\.')}" value="(\\w+)" checked`).exec(html)?.[1];

forEachEngine('notification settings', (engine) => {
  test('the page: every declared kind by module, a radio group each; saved, or sent back', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const visitor = await as.visitor.get('/en/notifications/settings');
    assert.equal(visitor.statusCode, 303);
    assert.match(String(visitor.headers.location), /^\/en\/sign-in\?next=/);

    const page = await as.member.get('/en/notifications/settings');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Notification settings<\/h1>/);
    assert.match(page.body, /<h2 id="group-comments">Comments<\/h2>/);
    assert.match(page.body, /<h2 id="group-partnerships">Partnerships<\/h2>/);
    assert.match(page.body, /<legend>Replies to your comments<\/legend>/);
    for (const kind of declaredKinds(urbis.ctx.modules).keys())
      assert.ok(page.body.includes(`name="${kind}"`), `${kind} has its radio group`);
    assert.equal(checked(page.body, REPLY), 'daily');
    assert.equal(checked(page.body, REPORTED), 'immediately');
    assert.match(page.body, /every day at 06:00 UTC/);
    assert.match(page.body, /In the weekly digest/);
    assert.ok((await as.member.get('/en/notifications')).body.includes('href="/en/notifications/settings"'));

    const saved = await as.member.post(
      '/en/notifications/settings',
      { [REPLY]: 'weekly', [REPORTED]: 'immediately', 'no.such.kind': 'never' },
      '/en/notifications/settings',
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/en/notifications/settings?saved=1');
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'weekly' }, 'only what differs from the default');
    const after = await as.member.get('/en/notifications/settings?saved=1');
    assert.match(after.body, /Your notification settings are saved/);
    assert.equal(checked(after.body, REPLY), 'weekly');

    const wrong = await as.member.post(
      '/en/notifications/settings',
      { [REPLY]: 'hourly', [REPORTED]: 'never' },
      '/en/notifications/settings',
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /id="field-comments\.notification\.reply-error">Choose at once, daily digest/);
    assert.match(wrong.body, /href="#field-comments\.notification\.reply">Replies to your comments:/);
    assert.equal(checked(wrong.body, REPORTED), 'never', 'what was sent is shown again');
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'weekly' }, 'nothing saved');

    // Back to the default: no row.
    await as.member.post('/en/notifications/settings', { [REPLY]: 'daily' }, '/en/notifications/settings');
    assert.deepEqual(await own(urbis, ids.member), {});
    const czech = await as.member.get('/cs/notifications/settings');
    assert.match(czech.body, /<h1>Nastavení oznámení<\/h1>/);
    assert.match(czech.body, /Odpovědi na vaše komentáře/);
  });

  test('the API: GET and PUT; an unknown kind or delivery is a 400 problem naming it, nothing stored', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const { token } = await createAccessToken(urbis.ctx, ids.member, 'settings');
    const auth = { authorization: `Bearer ${token}` };
    const put = (payload: object) =>
      urbis.app.inject({ method: 'PUT', url: '/api/v1/notifications/settings', headers: auth, payload });

    assert.equal((await urbis.app.inject('/api/v1/notifications/settings')).statusCode, 401);
    const got = await urbis.app.inject({ url: '/api/v1/notifications/settings', headers: auth });
    assert.equal(got.statusCode, 200);
    const body = JSON.parse(got.body);
    assert.deepEqual(body.digests, { hour: 6, weeklyOn: 'monday' });
    assert.deepEqual(
      body.kinds.find((k: { kind: string }) => k.kind === REPLY),
      {
        kind: REPLY,
        module: 'comments',
        label: 'Replies to your comments',
        delivery: 'daily',
        defaultDelivery: 'daily',
      },
    );

    const changed = await put({ deliveries: { [REPLY]: 'never', [REPORTED]: 'weekly' } });
    assert.equal(changed.statusCode, 200, changed.body);
    const kinds = JSON.parse(changed.body).kinds as { kind: string; delivery: string }[];
    assert.equal(kinds.find((k) => k.kind === REPLY)?.delivery, 'never');
    assert.equal(kinds.find((k) => k.kind === REPORTED)?.delivery, 'weekly');
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'never', [REPORTED]: 'weekly' });

    const unknownKind = await put({ deliveries: { 'no.such.kind': 'daily', [REPLY]: 'daily' } });
    assert.equal(unknownKind.statusCode, 400);
    assert.match(String(unknownKind.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      JSON.parse(unknownKind.body).errors.map((e: { pointer: string }) => e.pointer),
      ['/body/deliveries/no.such.kind'],
    );
    const unknownDelivery = await put({ deliveries: { [REPLY]: 'hourly' } });
    assert.equal(unknownDelivery.statusCode, 400);
    assert.match(String(unknownDelivery.headers['content-type']), /application\/problem\+json/);
    assert.equal((await put({})).statusCode, 400);
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'never', [REPORTED]: 'weekly' }, 'nothing changed');

    // With a session, the form token is needed, as for any write.
    const session = { cookie: as.member.header() };
    const noToken = await urbis.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      headers: session,
      payload: { deliveries: { [REPLY]: 'daily' } },
    });
    assert.equal(noToken.statusCode, 403);
  });
});

forEachEngine('one-click unsubscribe', (engine) => {
  test('the link: GET says what it stops, POST stops it without sign-in; a mail client’s one-click too', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const token = unsubscribeToken(urbis.ctx.config, ids.member, REPLY);
    const url = `/en/notifications/unsubscribe/${token}`;

    const shown = await as.visitor.get(url);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /<h1>Stop these mails<\/h1>/);
    assert.match(shown.body, /<li>Replies to your comments<\/li>/);
    assert.match(shown.body, new RegExp(`<form method="post" action="${url}">`));
    assert.ok(!shown.body.includes('name="_csrf"'), 'no form token: the link’s token is the authority');
    assert.deepEqual(await own(urbis, ids.member), {}, 'GET changes nothing');

    const done = await urbis.app.inject({ method: 'POST', url });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /<h1>Mails stopped<\/h1>/);
    assert.match(done.body, /href="\/en\/notifications\/settings"/);
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'never' });
    // Again: the same, nothing more.
    assert.equal((await urbis.app.inject({ method: 'POST', url })).statusCode, 200);
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'never' });

    // A mail client's one-click POST (RFC 8058), urlencoded and multipart; another person's session
    // does not matter.
    const pavel = `/en/notifications/unsubscribe/${unsubscribeToken(urbis.ctx.config, ids.otherMember, REPORTED)}`;
    const oneClick = await urbis.app.inject({
      method: 'POST',
      url: pavel,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: as.member.header() },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.statusCode, 200);
    assert.deepEqual(await own(urbis, ids.otherMember), { [REPORTED]: 'never' });
    assert.deepEqual(await own(urbis, ids.member), { [REPLY]: 'never' }, 'the session’s person is not touched');
    const boundary = 'x-urbis-test-boundary';
    const multipart = await urbis.app.inject({
      method: 'POST',
      url: `/en/notifications/unsubscribe/${unsubscribeToken(urbis.ctx.config, ids.coordinator, REPLY)}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'One-Click',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    assert.equal(multipart.statusCode, 200, multipart.body);
    assert.deepEqual(await own(urbis, ids.coordinator), { [REPLY]: 'never' });

    // The digest's link: every kind it gathers turns to never, and the page says so.
    const digest = `/cs/notifications/unsubscribe/${unsubscribeToken(urbis.ctx.config, ids.outsider, 'daily')}`;
    const before = await as.visitor.get(digest);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /zastaví váš denní přehled/);
    assert.match(before.body, /<li>Odpovědi na vaše komentáře<\/li>/);
    assert.equal((await urbis.app.inject({ method: 'POST', url: digest })).statusCode, 200);
    const dailyKinds = [...declaredKinds(urbis.ctx.modules).values()].filter((k) => k.delivery === 'daily');
    assert.deepEqual(await own(urbis, ids.outsider), Object.fromEntries(dailyKinds.map((k) => [k.kind, 'never'])));

    // The API twin.
    const api = `/api/v1/notifications/unsubscribe/${unsubscribeToken(urbis.ctx.config, ids.admin, REPLY)}`;
    const viewed = await urbis.app.inject(api);
    assert.equal(viewed.statusCode, 200);
    assert.deepEqual(JSON.parse(viewed.body), {
      scope: REPLY,
      kinds: [REPLY],
      labels: ['Replies to your comments'],
      done: false,
    });
    const stopped = await urbis.app.inject({ method: 'POST', url: api, payload: {} });
    assert.equal(stopped.statusCode, 200, stopped.body);
    assert.equal(JSON.parse(stopped.body).done, true);
    assert.deepEqual(await own(urbis, ids.admin), { [REPLY]: 'never' });
  });

  test('a forged or altered token is a clear 404, never a 500, and changes nothing', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const token = unsubscribeToken(urbis.ctx.config, ids.member, REPLY);
    const [, scope, signature] = token.split('~');
    const forged = [
      `${ids.otherMember}~${scope}~${signature}`, // another person's id with this signature
      `${ids.member}~${REPORTED}~${signature}`, // another kind
      `${ids.member}~weekly~${signature}`,
      `${ids.member}~${scope}~${'A'.repeat(43)}`,
      `${ids.member}~${scope}~${signature!.slice(0, 42)}`,
      `99999999~${scope}~${signature}`,
      'nothing-like-a-token',
      "1~x'or'1'='1~" + 'B'.repeat(43),
      `${ids.member}~${scope}~${signature}~`,
      '9'.repeat(150),
    ];
    for (const bad of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const html = await urbis.app.inject({
          method,
          url: `/en/notifications/unsubscribe/${encodeURIComponent(bad)}`,
        });
        assert.equal(html.statusCode, 404, `${method} ${bad}`);
        const api = await urbis.app.inject({
          method,
          url: `/api/v1/notifications/unsubscribe/${encodeURIComponent(bad)}`,
          ...(method === 'POST' ? { payload: {} } : {}),
        });
        assert.equal(api.statusCode, 404, `${method} API ${bad}`);
      }
    }
    const page = await urbis.app.inject({
      url: `/en/notifications/unsubscribe/${ids.otherMember}~${scope}~${signature}`,
    });
    assert.match(page.body, /This unsubscribe link does not work/);
    const rows = await urbis.ctx.db.selectFrom('notification_settings').select('user_id').execute();
    assert.equal(rows.length, 0, 'nothing changed');
    // An account that is gone: its links stop working too.
    const gone = unsubscribeToken(urbis.ctx.config, ids.outsider, REPLY);
    await urbis.ctx.db
      .updateTable('users')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', ids.outsider)
      .execute();
    assert.equal(
      (await urbis.app.inject({ method: 'POST', url: `/en/notifications/unsubscribe/${gone}` })).statusCode,
      404,
    );
  });
});

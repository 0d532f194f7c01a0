import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { fieldError } from '../../../test/support/accounts.js';
import { roleOf } from './membership.queries.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';

/** GET a page as someone (or as a visitor), then POST a form from it with its CSRF token. */
async function postForm(urbis: Urbis, cookie: string, from: string, url: string, fields: Record<string, string>) {
  const page = await urbis.app.inject({ url: from, headers: { cookie } });
  return urbis.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenOf(page.body), ...fields }).toString(),
  });
}

forEachEngine('partnership membership', (engine) => {
  test('the members page and API list the organisations with their roles, coordinators first', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const json = (await urbis.app.inject('/api/v1/partnerships/digital-transition/members')).json();
    assert.deepEqual(
      json.organisations.slice(0, 3).map((o: { role: string }) => o.role),
      ['coordinator', 'coordinator', 'coordinator'],
    );
    assert.ok(
      json.organisations.some((o: { slug: string; role: string }) => o.slug === 'urbact' && o.role === 'observer'),
    );
    assert.ok(
      json.people.some((p: { handle: string; role: string }) => p.handle === 'kaja' && p.role === 'coordinator'),
    );
    const html = await urbis.app.inject('/cs/partnerships/digital-transition/members');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /Útvar Komise/);
  });

  test(
    'a members-only page is a 404 for visitors and outsiders, ' + 'and readable by members and administrators',
    async (t) => {
      const { urbis } = await withPartnershipPeople(t, engine);
      const url = '/en/partnerships/digital-transition/pages/working-notes';
      const api = '/api/v1/partnerships/digital-transition/pages/working-notes';
      assert.equal((await urbis.app.inject(url)).statusCode, 404);
      assert.equal((await urbis.app.inject(api)).statusCode, 404);
      const visitorPage = await urbis.app.inject('/en/partnerships/digital-transition');
      assert.doesNotMatch(visitorPage.body, /Working notes/, 'a visitor does not learn that the page exists');
      assert.match(visitorPage.body, /About the partnership/);
      const outsider = await signInOnce(urbis, 'milan');
      assert.equal((await urbis.app.inject({ url, headers: { cookie: outsider } })).statusCode, 404);
      assert.doesNotMatch(
        (await urbis.app.inject({ url: '/en/partnerships/digital-transition', headers: { cookie: outsider } })).body,
        /Working notes/,
      );
      for (const who of ['lotte', 'kaja', 'ines']) {
        const cookie = await signInOnce(urbis, who);
        const response = await urbis.app.inject({ url, headers: { cookie } });
        assert.equal(response.statusCode, 200, who);
        assert.match(response.body, /Working notes/);
      }
    },
  );

  test('someone asks to join, a coordinator accepts, and they then see members-only content', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    const milan = await signInOnce(urbis, 'milan');
    const asked = await postForm(
      urbis,
      milan,
      '/en/partnerships/digital-transition',
      '/en/partnerships/digital-transition/join',
      { message: 'Brno would like to help with action 2.' },
    );
    assert.equal(asked.statusCode, 303);
    assert.equal(asked.headers.location, '/en/partnerships/digital-transition?done=asked');
    assert.match(
      (await urbis.app.inject({ url: '/en/partnerships/digital-transition', headers: { cookie: milan } })).body,
      /coordinators will decide/,
    );

    const kaja = await signInOnce(urbis, 'kaja');
    const manage = await urbis.app.inject({
      url: '/en/partnerships/digital-transition/manage',
      headers: { cookie: kaja },
    });
    assert.equal(manage.statusCode, 200);
    assert.match(manage.body, /Brno would like to help with action 2\./);
    const requestId = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec(manage.body)?.[1];
    assert.ok(requestId);
    const approved = await postForm(
      urbis,
      kaja,
      '/en/partnerships/digital-transition/manage',
      `/en/partnerships/digital-transition/requests/${requestId}`,
      { decision: 'approve' },
    );
    assert.equal(approved.statusCode, 303);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.outsider), 'member');
    const notes = await urbis.app.inject({
      url: '/en/partnerships/digital-transition/pages/working-notes',
      headers: { cookie: milan },
    });
    assert.equal(notes.statusCode, 200);
    const page = await urbis.app.inject('/en/partnerships/digital-transition');
    assert.match(page.body, /Milan Horák(<\/a>)? joined the partnership/);
    const audit = await urbis.app.inject({
      url: '/en/partnerships/digital-transition/audit',
      headers: { cookie: kaja },
    });
    assert.match(audit.body, /Kaja Tamm accepted Milan Horák’s request to join\./);
  });

  test('a refused request makes no member, and deciding twice is not possible', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    const milan = await signInOnce(urbis, 'milan');
    await postForm(urbis, milan, '/en/partnerships/digital-transition', '/en/partnerships/digital-transition/join', {});
    const kaja = await signInOnce(urbis, 'kaja');
    const manage = await urbis.app.inject({
      url: '/en/partnerships/digital-transition/manage',
      headers: { cookie: kaja },
    });
    const requestId = /people\/milan"[\s\S]*?\/requests\/(\d+)/.exec(manage.body)?.[1];
    const url = `/en/partnerships/digital-transition/requests/${requestId}`;
    assert.equal(
      (await postForm(urbis, kaja, '/en/partnerships/digital-transition/manage', url, { decision: 'refuse' }))
        .statusCode,
      303,
    );
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.outsider), null);
    const again = await postForm(urbis, kaja, '/en/partnerships/digital-transition/manage', url, {
      decision: 'approve',
    });
    assert.equal(again.headers.location, '/en/partnerships/digital-transition/manage?done=decided#requests');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.outsider), null, 'the refusal stands');
    const other = url.replace(/\d+$/, '999999');
    const missing = await postForm(urbis, kaja, '/en/partnerships/digital-transition/manage', other, {
      decision: 'approve',
    });
    assert.equal(missing.statusCode, 404);
  });

  test(
    'only coordinators and administrators reach the manage, edit and audit pages; ' +
      'others get 404 and change nothing',
    async (t) => {
      const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
      for (const suffix of ['manage', 'edit', 'audit']) {
        const url = `/en/partnerships/digital-transition/${suffix}`;
        const visitor = await urbis.app.inject(url);
        assert.equal(visitor.statusCode, 303, `visitor on ${suffix} is sent to sign in`);
        for (const who of ['lotte', 'milan']) {
          const cookie = await signInOnce(urbis, who);
          assert.equal((await urbis.app.inject({ url, headers: { cookie } })).statusCode, 404, `${who} on ${suffix}`);
        }
        for (const who of ['kaja', 'ines']) {
          const cookie = await signInOnce(urbis, who);
          assert.equal((await urbis.app.inject({ url, headers: { cookie } })).statusCode, 200, `${who} on ${suffix}`);
        }
      }
      const lotte = await signInOnce(urbis, 'lotte');
      const promote = await postForm(
        urbis,
        lotte,
        '/en/partnerships/digital-transition',
        '/en/partnerships/digital-transition/people',
        { 'was-lotte': 'member', 'role-lotte': 'coordinator' },
      );
      assert.equal(promote.statusCode, 404);
      assert.equal(await roleOf(urbis.ctx.db, dtp, ids.member), 'member');
    },
  );

  test('a coordinator changes roles, but the last coordinator can neither step down nor leave', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    // Kaja is the only coordinator left: the demo people go.
    await urbis.ctx.db
      .deleteFrom('partnership_people')
      .where('partnership_id', '=', dtp)
      .where('user_id', 'not in', [ids.coordinator, ids.member])
      .execute();
    const kaja = await signInOnce(urbis, 'kaja');
    const manage = '/en/partnerships/digital-transition/manage';
    const people = '/en/partnerships/digital-transition/people';
    const down = await postForm(urbis, kaja, manage, people, {
      'was-kaja': 'coordinator',
      'role-kaja': 'member',
      'was-lotte': 'member',
      'role-lotte': 'moderator',
    });
    assert.equal(down.statusCode, 400);
    assert.match(
      fieldError(down.body, 'role-kaja') ?? '',
      /needs at least one coordinator/,
      'the message is at Kaja’s row',
    );
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.coordinator), 'coordinator');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.member), 'member', 'all or nothing: Lotte’s change was not made');
    const leave = await postForm(
      urbis,
      kaja,
      '/en/partnerships/digital-transition',
      '/en/partnerships/digital-transition/leave',
      {},
    );
    assert.equal(leave.headers.location, '/en/partnerships/digital-transition/leave');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.coordinator), 'coordinator');
    const why = await urbis.app.inject({ url: '/en/partnerships/digital-transition/leave', headers: { cookie: kaja } });
    assert.match(why.body, /only coordinator/);
    assert.doesNotMatch(why.body, /action="\/en\/partnerships\/digital-transition\/leave"/, 'nothing to confirm');

    const up = await postForm(urbis, kaja, manage, people, { 'was-lotte': 'member', 'role-lotte': 'moderator' });
    assert.equal(up.statusCode, 303);
    assert.equal(up.headers.location, '/en/partnerships/digital-transition/manage?done=saved#people');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.member), 'moderator');
    const bad = await postForm(urbis, kaja, manage, people, { 'was-lotte': 'moderator', 'role-lotte': 'admin' });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'role-lotte'), 'the message is at Lotte’s row');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.member), 'moderator');
    const lotte = await signInOnce(urbis, 'lotte');
    const left = await postForm(
      urbis,
      lotte,
      '/en/partnerships/digital-transition',
      '/en/partnerships/digital-transition/leave',
      {},
    );
    assert.equal(left.headers.location, '/en/partnerships/digital-transition?done=left');
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.member), null);
  });

  test('an invitation is mailed in the inviter’s language and makes whoever accepts it a member once', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    const kaja = await signInOnce(urbis, 'kaja');
    const manage = '/cs/partnerships/digital-transition/manage';
    const bad = await postForm(urbis, kaja, manage, '/cs/partnerships/digital-transition/invitations', {
      email: 'not an address',
      role: 'member',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-email-error"/);
    assert.match(bad.body, /value="not an address"/);
    const sent = await postForm(urbis, kaja, manage, '/cs/partnerships/digital-transition/invitations', {
      email: 'milan@example.eu',
      role: 'moderator',
    });
    assert.equal(sent.statusCode, 303);
    const outbox = path.join(urbis.ctx.config.dataDir, 'outbox');
    const mails = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
    assert.equal(mails.length, 1);
    const link = /\/cs\/invitations\/([A-Za-z0-9_-]+)/.exec(mails[0]!.replace(/=\r?\n/g, ''));
    assert.ok(link, 'the mail carries the link');
    assert.match(mails[0]!, /Content-Language: cs/);

    const milan = await signInOnce(urbis, 'milan');
    const invitation = `/cs/invitations/${link[1]}`;
    assert.equal((await urbis.app.inject({ url: invitation, headers: { cookie: milan } })).statusCode, 200);
    const accepted = await postForm(urbis, milan, invitation, invitation, {});
    assert.equal(accepted.statusCode, 303);
    assert.equal(await roleOf(urbis.ctx.db, dtp, ids.outsider), 'moderator');
    const again = await postForm(urbis, kaja, '/cs/partnerships/digital-transition', invitation, {});
    assert.equal(again.statusCode, 404, 'the link works once');
  });

  test('editing the partnership checks every field and stores nothing when one is wrong', async (t) => {
    const { urbis } = await withPartnershipPeople(t, engine);
    const kaja = await signInOnce(urbis, 'kaja');
    const edit = '/en/partnerships/digital-transition/edit';
    const bad = await postForm(urbis, kaja, edit, edit, { title: '', summary: 'Still here', launchedYear: '1990' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="field-title-error"/);
    assert.match(bad.body, /id="field-launchedYear-error"/);
    assert.equal(
      (await urbis.app.inject('/api/v1/partnerships/digital-transition')).json().title,
      'Digital Transition',
    );
    const xss = '<script>alert(1)</script>';
    const good = await postForm(urbis, kaja, edit, edit, {
      title: `Digital Transition ${xss}`,
      summary: 'Cities going digital, together.',
      launchedYear: '2017',
    });
    assert.equal(good.statusCode, 303);
    const page = await urbis.app.inject('/en/partnerships/digital-transition');
    assert.match(page.body, /Digital Transition &lt;script>alert/);
    assert.doesNotMatch(page.body, /<script>alert/);
  });
});

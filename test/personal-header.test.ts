// The header of a signed-in person's pages: their unread notifications, "My partnerships" and
// the moderation queue (for those who moderate somewhere), read fresh on every request and
// placed in the holes of the shared frame; visitors' pages hold none of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../src/core/db/types.js';
import { notify } from '../src/modules/notifications/index.js';
import { forEachEngine } from './helpers/app.js';
import { setUp } from './support/news.js';

/** A partnership's id by its slug. */
const partnershipId = async (db: Kysely<Database>, slug: string) =>
  (await db.selectFrom('partnerships').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

const headerOf = (html: string) => html.slice(html.indexOf('<header'), html.indexOf('</header>') + 9);

forEachEngine('the header of signed-in pages', (engine) => {
  test('unread notifications, my partnerships and the moderation queue, read fresh on every request', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;

    let page = headerOf((await as.coordinator.get('/en/partnerships')).body);
    assert.match(page, /<a href="\/en\/notifications" class="site-bar__link">Notifications<\/a>/, 'none unread');
    for (let i = 0; i < 3; i += 1)
      await notify(urbis.ctx, ids.coordinator, { kind: 'comments.notification.reply', subject: 'x', path: '/x' });
    page = headerOf((await as.coordinator.get('/en/partnerships')).body);
    assert.match(
      page,
      new RegExp(
        '<a href="/en/notifications" class="site-bar__link">Notifications' +
          '<span class="visually-hidden">, 3 unread</span><span class="site-count" aria-hidden="true">3</span></a>',
      ),
    );
    const czech = headerOf((await as.coordinator.get('/cs/partnerships')).body);
    assert.match(czech, />Oznámení<span class="visually-hidden">, 3 nepřečtená<\/span>/);
    assert.match(
      czech,
      new RegExp('<summary>Moje partnerství</summary><ul><li><a href="/cs/partnerships/digital-transition">Digitální'),
    );
    assert.match(czech, /<a href="\/cs\/comments\/reported">Moderování<\/a>/);

    assert.match(
      page,
      new RegExp(
        '<summary>My partnerships</summary><ul><li><a href="/en/partnerships/digital-transition">Digital Transition',
      ),
    );
    assert.match(page, /<a href="\/en\/comments\/reported">Moderation<\/a>/, 'a coordinator moderates');
    const member = headerOf((await as.member.get('/en/partnerships')).body);
    assert.match(member, /digital-transition/);
    assert.doesNotMatch(member, /comments\/reported/, 'a member does not');
    assert.doesNotMatch(member, /site-count/, 'nor are the coordinator’s notifications theirs');
    const outsider = headerOf((await as.outsider.get('/en/partnerships')).body);
    assert.match(outsider, /href="\/en\/partnerships\/air-quality"/);
    assert.doesNotMatch(outsider, /digital-transition/);
    // A title is text wherever it goes: the header's own items escape it.
    await db
      .updateTable('partnerships')
      .set({ title: 'Air <img src=x onerror=alert(1)> & "Quality"' })
      .where('slug', '=', 'air-quality')
      .execute();
    await db.deleteFrom('partnership_translations').where('lang', '=', 'en').execute();
    const hostile = headerOf((await as.outsider.get('/en/partnerships')).body);
    assert.match(hostile, /">Air &lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;Quality&quot;<\/a>/);
    assert.doesNotMatch(hostile, /<img src=x/);
    const admin = headerOf((await as.admin.get('/en/partnerships')).body);
    assert.doesNotMatch(admin, /My partnerships/, 'a member of none');
    assert.match(admin, /comments\/reported/, 'an administrator moderates everywhere');

    // Read fresh: out of the partnership, the next page says so.
    const dtp = await partnershipId(db, 'digital-transition');
    await db
      .deleteFrom('partnership_people')
      .where('partnership_id', '=', dtp)
      .where('user_id', '=', ids.coordinator)
      .execute();
    await db.updateTable('notifications').set({ read_at: new Date().toISOString() }).execute();
    page = headerOf((await as.coordinator.get('/en/partnerships')).body);
    assert.doesNotMatch(page, /site-mine/, 'no partnership, no moderation');
    assert.doesNotMatch(page, /site-count/);
  });

  test('the frame is shared: two readers’ pages differ only in their own words; visitors’ hold none', async (t) => {
    const { as } = await setUp(t, engine);
    const own = (html: string, name: string) =>
      html.replaceAll(name, 'NAME').replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="T"');
    const lotte = own((await as.member.get('/en/partnerships')).body, 'Lotte Verbeek');
    const pavel = own((await as.otherMember.get('/en/partnerships')).body, 'Pavel Dvořák');
    assert.equal(lotte, pavel);
    const first = await as.visitor.get('/en/partnerships');
    const second = await as.visitor.get('/en/partnerships');
    assert.equal(first.body, second.body);
    assert.doesNotMatch(first.body, /site-bar__link|site-mine|notifications/);
    assert.match(first.body, /<summary class="site-menu__toggle">Menu<\/summary>/);
  });
});

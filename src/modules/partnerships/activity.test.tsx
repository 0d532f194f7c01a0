import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import type { Urbis } from '../../app.js';
import { toFlag } from '../../core/db/dialect.js';
import { defineModule } from '../../core/module.js';
import { registeredModules } from '../../modules.js';
import { createUser } from '../accounts/index.js';
import { activityStream } from './activity.service.js';
import { insertActivity, partnershipIdOf, putPerson } from './membership.queries.js';

const PASSWORD = 'a long enough password';
const NEWS = '/cs/partnerships/digital-transition/news';

/** The lines of a page's activity stream, as text with each link written `[text](href)`. */
function streamOf(html: string): string[] {
  const list =
    /<section aria-labelledby="hub-activity"[^>]*>.*?<ul class="activity">(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/gs)].map(([, li]) =>
    li!
      .replace(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g, '[$2]($1)')
      .replace(/<[^>]+>/g, '')
      .trim(),
  );
}

/**
 * The demo's stream without the lines of its lessons and its playbook (published in 2019): these tests
 * read older lines of the demo's, among the ten the hub shows.
 */
const withoutLessons = (db: Urbis['ctx']['db']) =>
  db.deleteFrom('partnership_activity').where('kind', 'in', ['lessons.published', 'playbooks.published']).execute();

forEachEngine('the activity stream of a partnership', (engine) => {
  test('newest first by when it happened (ties by writing), each line linked, in the reader’s language', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const db = urbis.ctx.db;
    await withoutLessons(db);
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const person = (handle: string, name: string) =>
      createUser(db, { email: `${handle}@example.eu`, handle, displayName: name, password: PASSWORD });
    const [early, late, middle, same] = [
      await person('anna-early', 'Anna Early'),
      await person('ben-late', 'Ben Late'),
      await person('cleo-middle', 'Cleo Middle'),
      await person('dora-same', 'Dora Same'),
    ];
    // Written in another order than they happened (as the demo and back-dated posts are).
    const joined = (actorId: number, at: string) =>
      insertActivity(db, { partnershipId: dtp, actorId, kind: 'joined', subject: 'old text', path: null, at });
    await joined(early, '2030-01-01T10:00:00.000Z');
    await joined(late, '2030-03-01T10:00:00.000Z');
    await joined(middle, '2030-02-01T10:00:00.000Z');
    await joined(same, '2030-03-01T10:00:00.000Z');

    const lines = await activityStream(urbis.ctx, dtp, false, 'cs', new Date());
    assert.deepEqual(
      lines.slice(0, 4).map((l) => l.path),
      ['/people/dora-same', '/people/ben-late', '/people/cleo-middle', '/people/anna-early'],
    );
    // The rest is the demo's, newest first too.
    const times = lines.map((l) => Date.parse(l.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );

    const html = (await urbis.app.inject('/cs/partnerships/digital-transition')).body;
    const stream = streamOf(html);
    assert.match(stream[0]!, /^\d.*\[Dora Same\]\(\/cs\/people\/dora-same\) se připojil\(a\) k partnerství\.$/);
    // A post's line names it in Czech where it was translated, and links to it.
    assert.ok(
      stream.some((l) =>
        l.includes(
          'V novinkách vyšel příspěvek „[Setkání v Lucemburku o provádění a rozšiřování akcí]' +
            `(${NEWS}/luxembourg-meeting-on-implementing-and-scaling-up-the-actions)“.`,
        ),
      ),
      stream.join('\n'),
    );
    // Every line links to its item.
    for (const line of stream) assert.match(line, /\]\(\/cs\//, line);

    // The API gives the same lines, with their sentences and links, and the hub's sections.
    const json = (
      await urbis.app.inject({ url: '/api/v1/partnerships/digital-transition', headers: { 'accept-language': 'cs' } })
    ).json();
    assert.deepEqual(json.activity[0], {
      at: '2030-03-01T10:00:00.000Z',
      kind: 'joined',
      text: 'Dora Same se připojil(a) k partnerství.',
      subject: 'Dora Same',
      lang: null,
      path: '/people/dora-same',
    });
    assert.deepEqual(
      json.sections.map((s: { label: string; path: string }) => [s.label, s.path]),
      [
        ['Přehled', '/partnerships/digital-transition'],
        ['Novinky', '/partnerships/digital-transition/news'],
        ['Setkání', '/partnerships/digital-transition/meetings'],
        ['Akce', '/partnerships/digital-transition/actions'],
        ['Financování', '/partnerships/digital-transition/funding'],
        ['Poučení', '/partnerships/digital-transition/lessons'],
        ['Členové', '/partnerships/digital-transition/members'],
        ['Stránky', '/partnerships/digital-transition/pages'],
      ],
    );
  });

  test('members see the lines about members-only things, visitors do not; lines whose target is gone go', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const db = urbis.ctx.db;
    await withoutLessons(db);
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const notes = '/partnerships/digital-transition/pages/working-notes';
    const about = '/partnerships/digital-transition/pages/about';
    const paths = async (members: boolean) =>
      (await activityStream(urbis.ctx, dtp, members, 'en', new Date())).map((l) => l.path);

    // The demo's line about the members-only working notes.
    assert.ok((await paths(true)).includes(notes));
    assert.ok(!(await paths(false)).includes(notes));
    // A line about a public page is everyone's; made members-only, the members'; once it is gone, nobody's.
    await insertActivity(db, { partnershipId: dtp, actorId: null, kind: 'pageUpdated', subject: 'About', path: about });
    assert.ok((await paths(false)).includes(about));
    const page = db.updateTable('partnership_pages').where('partnership_id', '=', dtp).where('slug', '=', 'about');
    await page.set({ members_only: toFlag(true) }).execute();
    assert.ok(!(await paths(false)).includes(about));
    assert.ok((await paths(true)).includes(about));
    await db.deleteFrom('partnership_pages').where('partnership_id', '=', dtp).where('slug', '=', 'about').execute();
    assert.ok(!(await paths(true)).includes(about));

    // A line that holds only text (as the demo once named a meeting, in English) has nothing to link to: left out.
    await insertActivity(db, {
      partnershipId: dtp,
      actorId: null,
      kind: 'meeting',
      subject: '11th meeting, Luxembourg',
      path: null,
      at: '2031-01-01T00:00:00.000Z',
    });
    for (const members of [false, true])
      assert.ok(!(await activityStream(urbis.ctx, dtp, members, 'cs', new Date())).some((l) => l.kind === 'meeting'));

    // A person whose account is gone: their line goes.
    const gone = await createUser(db, {
      email: 'gone@example.eu',
      handle: 'gone-person',
      displayName: 'Gone Person',
      password: PASSWORD,
    });
    await putPerson(db, dtp, gone, 'member');
    await insertActivity(db, { partnershipId: dtp, actorId: gone, kind: 'joined', subject: 'Gone Person', path: null });
    assert.ok((await paths(false)).includes('/people/gone-person'));
    await db.deleteFrom('partnership_people').where('user_id', '=', gone).execute();
    await db.deleteFrom('users').where('id', '=', gone).execute();
    assert.ok(!(await paths(false)).includes('/people/gone-person'));
  });

  test('a module adds a section to every partnership’s hub: a tab on its pages, a block on the overview', async (t) => {
    // What a meetings module would declare (see ARCHITECTURE.md).
    const meetings = defineModule({
      id: 'meetings',
      messages: {
        en: { 'meetings.hub.tab': 'Meetings', 'meetings.hub.next': 'Next meeting' },
        cs: { 'meetings.hub.tab': 'Setkání', 'meetings.hub.next': 'Příští setkání' },
      },
      partnershipSections: [
        {
          order: 20,
          label: 'meetings.hub.tab',
          path: '/meetings',
          block: {
            order: 10,
            place: 'coming',
            render: async (page, _ctx, partnership) => (
              <p>
                {page.t('meetings.hub.next')}: {partnership.slug} {partnership.membersOnly ? 'members' : 'everyone'}
              </p>
            ),
          },
        },
      ],
    });
    // In place of the real meetings module, so that the test sees only what the contract gives (and
    // without lessons, whose demo names real meetings as its sources, nor playbooks, made of lessons).
    const others = registeredModules.filter((m) => !['meetings', 'lessons', 'playbooks'].includes(m.id));
    const urbis = await buildTestApp(t, engine, { demo: true, modules: [...others, meetings] });
    for (const path of ['', '/members', '/news', '/pages', '/pages/about']) {
      const html = (await urbis.app.inject(`/cs/partnerships/digital-transition${path}`)).body;
      const nav = /<nav class="hub-nav" aria-label="Části partnerství"><ul>(.*?)<\/ul><\/nav>/.exec(html)?.[1] ?? '';
      const tabs = [...nav.matchAll(/<a href="([^"]*)"( aria-current="(\w+)")?>([^<]*)<\/a>/g)].map(
        ([, href, , current, label]) => `${label} ${href}${current ? ` ${current}` : ''}`,
      );
      const base = '/cs/partnerships/digital-transition';
      // The section's own page is the current page; a page inside it (a page of the partnership) is in it.
      const tab = (label: string, at: string) =>
        `${label} ${base}${at}${path === at ? ' page' : at !== '' && path.startsWith(`${at}/`) ? ' true' : ''}`;
      assert.deepEqual(
        tabs,
        [
          tab('Přehled', ''),
          tab('Novinky', '/news'),
          tab('Setkání', '/meetings'),
          tab('Akce', '/actions'),
          tab('Financování', '/funding'),
          tab('Členové', '/members'),
          tab('Stránky', '/pages'),
        ],
        path,
      );
    }
    const overview = (await urbis.app.inject('/en/partnerships/digital-transition')).body;
    assert.match(overview, /<h2 id="hub-coming">What is coming<\/h2><p>Next meeting: digital-transition everyone<\/p>/);
    // Without such a block, the overview has no "What is coming" at all.
    const without = await buildTestApp(t, engine, { demo: true, modules: others });
    assert.doesNotMatch((await without.app.inject('/en/partnerships/digital-transition')).body, /hub-coming/);
  });
});

// Playbooks on both engines, on the demo: the demo's playbook for everyone, in Czech too; a coordinator
// writes one from three lessons by form (chapters numbered), who sees the draft (coordinator,
// administrator) and who gets the 404 (a member, a member of another partnership, a visitor), publishing
// once (audited, in the activity stream) and unpublishing; bad chapter numbers and steps at the field
// with nothing stored; the API's writes with problems naming each field; a chapter shown only while its
// lesson is visible by the lessons module's rule; XSS strings coming out inert; the rule against its filter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { fit, isPolyglotList, uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { setUp } from '../../../test/support/news.js';
import { describeContent } from '../../core/module.js';
import { audienceOf } from '../partnerships/index.js';
import { maySeePlaybook, visiblePlaybooks } from './index.js';
import { findPlaybookBySlug } from './playbooks.queries.js';

const DEMO = 'open-data-and-digital-services-in-a-small-city-where-to-start';
const HELSINGBORG = 'a-digital-competence-centre-in-the-library-run-with-residents';
const SOFIA = 'digital-skills-courses-in-community-centres-booked-by-phone';
const ESTONIA = 'write-the-civil-servants-guide-with-the-civil-servants-who-will-use-it';
const ROME = 'a-quality-label-for-open-data-needs-a-named-owner-per-dataset';
/** The demo lesson still waiting for review: never a chapter. */
const OULU = 'neighbourhood-help-desks-with-the-5g-test-network-s-start-ups';

const NEW = '/en/partnerships/digital-transition/playbooks/new';

const chapterSlugs = (body: string) => (JSON.parse(body) as { lessons: { slug: string }[] }).lessons.map((l) => l.slug);

forEachEngine('playbooks', (engine) => {
  test('the demo, writing and publishing by form, who sees what, bad input, the API, XSS, the rule', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const lessonId = async (slug: string) =>
      (await db.selectFrom('lessons').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('playbooks')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** The form as a coordinator sends it: the texts, and chapter numbers by lesson. */
    const form = async (chapters: [string, string][], texts: Record<string, string> = {}) => {
      const fields: Record<string, string> = {
        title: 'Small towns and their first e-services',
        target: 'Towns under 20,000 people',
        lang: 'en',
        introduction: 'Where to begin.\n\nAnd what to avoid.',
        steps: 'Ask residents\nOpen a help desk\n\nTeach one service at a time',
        ...texts,
      };
      for (const [slug, number] of chapters) fields[`chapter-${await lessonId(slug)}`] = number;
      return fields;
    };

    await t.test('the demo’s playbook: for everyone, its chapters in order, in Czech too', async () => {
      const list = JSON.parse((await as.visitor.get('/api/v1/playbooks')).body) as { items: { slug: string }[] };
      assert.deepEqual(
        list.items.map((i) => i.slug),
        [DEMO],
      );
      const page = await as.visitor.get(`/en/playbooks/${DEMO}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Open data and digital services in a small city: where to start<\/h1>/);
      assert.match(page.body, /<ol><li>Ask residents, firms and the library/, 'the steps as an ordered list');
      assert.match(page.body, new RegExp(`href="/en/playbooks/${DEMO}/exports"`), 'Export for your city');
      assert.deepEqual(chapterSlugs((await as.visitor.get(`/api/v1/playbooks/${DEMO}`)).body), [
        HELSINGBORG,
        SOFIA,
        ESTONIA,
        ROME,
      ]);
      const cs = await as.visitor.get(`/cs/playbooks/${DEMO}`);
      assert.match(cs.body, /<h1>Otevřená data a digitální služby v malém městě: kde začít<\/h1>/);
      assert.match(cs.body, /Centrum digitálních dovedností v knihovně/, 'a chapter in Czech where translated');
      assert.match(cs.body, /lang="en">Digital skills courses in community centres/, 'the others marked English');
      const inCzech = await as.visitor.get(`/en/playbooks/${DEMO}?in=cs`);
      assert.match(inCzech.body, /<h1 lang="cs">Otevřená data/);
      assert.equal((await as.visitor.get(`/en/playbooks/${DEMO}?in=de`)).statusCode, 404, 'no German version');
      assert.match((await as.visitor.get('/en/lessons')).body, /href="\/en\/playbooks"/, 'linked from the lessons');
      const activity = await db
        .selectFrom('partnership_activity')
        .select('at')
        .where('kind', '=', 'playbooks.published')
        .execute();
      assert.deepEqual(
        activity.map((a) => a.at.slice(0, 4)),
        ['2019'],
        'its line in the stream keeps its 2019 date',
      );
    });

    await t.test('a coordinator writes one from three lessons; who sees the draft; publishing once', async () => {
      const before = await count();
      assert.equal((await as.member.get(NEW)).statusCode, 404, 'a member does not write playbooks');
      const blank = await as.coordinator.get(NEW);
      assert.equal(blank.statusCode, 200);
      assert.match(blank.body, new RegExp(`name="chapter-${await lessonId(ROME)}"`), 'published lessons offered');
      assert.ok(!blank.body.includes(`name="chapter-${await lessonId(OULU)}"`), 'one waiting for review is not');
      const made = await as.coordinator.post(
        NEW,
        await form([
          [ROME, '3'],
          [SOFIA, '1'],
          [HELSINGBORG, '2'],
        ]),
        NEW,
      );
      assert.equal(made.statusCode, 303);
      const path = made.headers.location!.replace(/^\/en/, '');
      const slug = path.split('/')[2]!;
      assert.equal(await count(), before + 1);
      const sees = async (expected: Partial<Record<keyof typeof as, number>>) => {
        for (const [role, status] of Object.entries(expected))
          assert.equal((await as[role as keyof typeof as].get(`/en${path}`)).statusCode, status, `${role} ${path}`);
      };
      await sees({ coordinator: 200, admin: 200, member: 404, otherMember: 404, outsider: 404, visitor: 404 });
      assert.equal((await as.member.get(`/api/v1${path}`)).statusCode, 404);
      assert.ok(!(await as.visitor.get('/en/playbooks')).body.includes(slug), 'not in the public list');
      assert.ok((await as.coordinator.get('/en/playbooks')).body.includes(slug), 'in the coordinator’s list');
      const json = await as.coordinator.get(`/api/v1${path}`);
      assert.deepEqual(chapterSlugs(json.body), [SOFIA, HELSINGBORG, ROME], 'saved in the order of the numbers');
      assert.deepEqual((JSON.parse(json.body) as { steps: string[] }).steps, [
        'Ask residents',
        'Open a help desk',
        'Teach one service at a time',
      ]);
      // Nobody else publishes; the coordinator does, once.
      for (const role of ['member', 'outsider', 'otherMember'] as const)
        assert.equal((await as[role].post(`/en${path}/publish`, {}, '/en/playbooks')).statusCode, 404, role);
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 303);
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 404, 'once');
      await sees({ member: 200, outsider: 200, visitor: 200 });
      const playbookId = (
        await db.selectFrom('playbooks').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
      ).id;
      const audits = await db
        .selectFrom('core_audit_log')
        .select(['action', 'actor_id'])
        .where('subject_type', '=', 'playbook')
        .where('subject_id', '=', String(playbookId))
        .execute();
      assert.deepEqual(audits, [{ action: 'playbooks.publish', actor_id: ids.coordinator }]);
      const hub = await as.visitor.get('/en/partnerships/digital-transition');
      assert.match(hub.body, /The playbook “<a href="\/en\/playbooks\/small-towns-and-their-first-e-services">/);
      // Edited by a coordinator (it stays published); taken back to a draft: gone for everyone else.
      const edit = await as.coordinator.get(`/en${path}/edit`);
      assert.match(edit.body, new RegExp(`name="chapter-${await lessonId(ROME)}" value="3"`), 'the numbers shown');
      assert.equal((await as.member.get(`/en${path}/edit`)).statusCode, 404);
      const edited = await as.coordinator.post(
        `/en${path}/edit`,
        await form(
          [
            [ESTONIA, '1'],
            [HELSINGBORG, '2'],
          ],
          { title: 'Small towns, first steps' },
        ),
      );
      assert.equal(edited.statusCode, 303);
      assert.deepEqual(chapterSlugs((await as.visitor.get(`/api/v1${path}`)).body), [ESTONIA, HELSINGBORG]);
      assert.equal((await as.member.post(`/en${path}/unpublish`, {}, `/en${path}`)).statusCode, 404);
      assert.equal((await as.coordinator.post(`/en${path}/unpublish`, {}, `/en${path}`)).statusCode, 303);
      await sees({ visitor: 404, member: 404, coordinator: 200 });
      // A Czech translation by the coordinator, shown to Czech readers once published again.
      const cs = { title: 'Malá města: první kroky', target: 'Města do 20 000 obyvatel', introduction: 'Kde začít.' };
      const translated = await as.coordinator.post(
        `/en${path}/translations/cs`,
        { ...cs, steps: 'Zeptejte se obyvatel\nOtevřete poradnu' },
        `/en${path}/translations/cs`,
      );
      assert.equal(translated.statusCode, 303);
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 303);
      const czech = await as.visitor.get(`/cs${path}`);
      assert.match(czech.body, /<h1>Malá města: první kroky<\/h1>/);
      assert.match(czech.body, /<li>Otevřete poradnu<\/li>/);
      assert.equal((await as.member.get(`/en${path}/translations/cs`)).statusCode, 404);
    });

    await t.test('a chapter shows only while the reader may see its lesson (the lessons module’s rule)', async () => {
      await db.updateTable('lessons').set({ state: 'submitted' }).where('slug', '=', SOFIA).execute();
      assert.deepEqual(chapterSlugs((await as.visitor.get(`/api/v1/playbooks/${DEMO}`)).body), [
        HELSINGBORG,
        ESTONIA,
        ROME,
      ]);
      assert.ok(!(await as.visitor.get(`/en/playbooks/${DEMO}`)).body.includes(`/en/lessons/${SOFIA}`));
      assert.deepEqual(
        chapterSlugs((await as.coordinator.get(`/api/v1/playbooks/${DEMO}`)).body),
        [HELSINGBORG, SOFIA, ESTONIA, ROME],
        'its partnership’s coordinators see a lesson under review',
      );
      const edit = await as.coordinator.get(`/en/playbooks/${DEMO}/edit`);
      assert.match(edit.body, /One of its lessons is no longer published/);
      await db.updateTable('lessons').set({ state: 'published' }).where('slug', '=', SOFIA).execute();
    });

    await t.test('bad chapter numbers and steps: said at the field, nothing stored', async () => {
      const before = await count();
      const cases: [string, [string, string][], Record<string, string>, RegExp][] = [
        ['no lesson', [], {}, /Give at least one lesson a chapter number/],
        ['not a number', [[ROME, 'first']], {}, /“first” is not a chapter number/],
        ['a fraction', [[ROME, '1.5']], {}, /“1\.5” is not a chapter number/],
        ['zero', [[ROME, '0']], {}, /“0” is not a chapter number/],
        [
          'the same number twice',
          [
            [ROME, '2'],
            [SOFIA, '2'],
          ],
          {},
          /Two lessons have chapter number 2/,
        ],
        ['a lesson under review', [[OULU, '1']], {}, /Choose among the published lessons/],
      ];
      for (const [what, chapters, texts, message] of cases) {
        const sent = await as.coordinator.post(NEW, await form(chapters, texts), NEW);
        assert.equal(sent.statusCode, 400, what);
        assert.match(sent.body, /id="field-lessons-error"/, what);
        assert.match(sent.body, message, what);
        assert.match(sent.body, /href="#field-lessons"/, `${what}: in the error summary`);
      }
      const huge = await as.coordinator.post(NEW, { ...(await form([])), 'chapter-9999999999': '1' }, NEW);
      assert.equal(huge.statusCode, 400, 'an id beyond any table');
      assert.match(huge.body, /Choose among the published lessons/);
      const steps = Array.from({ length: 31 }, (_, i) => `Step ${i + 1}`).join('\n');
      const long = await as.coordinator.post(NEW, await form([[ROME, '1']], { steps, title: '' }), NEW);
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /id="field-steps-error"[^>]*>At most 30 steps/);
      assert.match(long.body, /id="field-title-error"/);
      assert.match(long.body, /name="chapter-\d+" value="1"/, 'the numbers typed are shown again');
      assert.equal(await count(), before);
    });

    await t.test('the API: problems naming each field, nothing stored; 201 with Location; publishing', async () => {
      const before = await count();
      const coordinator = (await createAccessToken(urbis.ctx, ids.coordinator, 'playbooks')).token;
      const member = (await createAccessToken(urbis.ctx, ids.member, 'playbooks')).token;
      const api = (token: string, method: 'POST' | 'PUT', url: string, payload: unknown) =>
        urbis.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
      const body = {
        title: 'Open data for towns',
        target: 'Towns with no data team',
        lang: 'en',
        introduction: 'Start small.',
        steps: ['Name an owner', 'Publish one dataset'],
        lessons: [ROME, HELSINGBORG],
      };
      const url = '/api/v1/partnerships/digital-transition/playbooks';
      assert.equal((await api(member, 'POST', url, body)).statusCode, 404, 'a member may not');
      const bad = await api(coordinator, 'POST', url, {
        ...body,
        title: '',
        steps: ['Fine', 42, 'two\nlines'],
        lessons: [ROME, OULU, 'no-such-lesson', ROME, '<x>'],
      });
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
      const pointers = (JSON.parse(bad.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort();
      assert.deepEqual(pointers, [
        '/body/lessons/1',
        '/body/lessons/2',
        '/body/lessons/3',
        '/body/lessons/4',
        '/body/steps/1',
        '/body/steps/2',
        '/body/title',
      ]);
      const empty = await api(coordinator, 'POST', url, { ...body, lessons: [] });
      assert.deepEqual(
        (JSON.parse(empty.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer),
        ['/body/lessons'],
      );
      assert.equal(await count(), before);
      const made = await api(coordinator, 'POST', url, body);
      assert.equal(made.statusCode, 201);
      const playbook = JSON.parse(made.body) as { slug: string; state: string; lessons: { slug: string }[] };
      assert.equal(playbook.state, 'draft');
      assert.deepEqual(
        playbook.lessons.map((l) => l.slug),
        [ROME, HELSINGBORG],
      );
      assert.equal(made.headers.location, `/api/v1/playbooks/${playbook.slug}`);
      const put = await api(coordinator, 'PUT', `/api/v1/playbooks/${playbook.slug}`, { ...body, lessons: [SOFIA] });
      assert.deepEqual(chapterSlugs(put.body), [SOFIA]);
      const translation = await api(coordinator, 'PUT', `/api/v1/playbooks/${playbook.slug}/translations/cs`, {
        title: 'Otevřená data pro městečka',
        target: 'Městečka bez datového týmu',
        introduction: 'Začněte v malém.',
        steps: ['Určete správce'],
      });
      assert.equal(translation.statusCode, 200);
      const own = await api(coordinator, 'PUT', `/api/v1/playbooks/${playbook.slug}/translations/en`, {
        title: 'Open data for small towns',
        target: 'Towns',
        introduction: 'Small.',
        steps: ['One'],
      });
      assert.equal(own.statusCode, 404, 'not into its own language');
      const published = await api(coordinator, 'POST', `/api/v1/playbooks/${playbook.slug}/publish`, {});
      assert.equal(published.statusCode, 200);
      assert.equal(JSON.parse(published.body).state, 'published');
      assert.equal((await api(coordinator, 'POST', `/api/v1/playbooks/${playbook.slug}/publish`, {})).statusCode, 404);
      assert.equal((await api(member, 'POST', `/api/v1/playbooks/${playbook.slug}/unpublish`, {})).statusCode, 404);
    });

    await t.test('XSS strings in a playbook’s fields come out inert', async () => {
      const strings = uniqueStrings(xssLists().filter(isPolyglotList)).slice(0, 5);
      assert.ok(strings.length > 0);
      for (const text of strings) {
        const [title = 'x'] = fit(text, 200);
        const made = await as.coordinator.post(
          NEW,
          await form([[ROME, '1']], { title, target: title, introduction: text, steps: fit(text, 300)[0] ?? 'x' }),
        );
        assert.equal(made.statusCode, 303, text);
        const page = await as.coordinator.get(made.headers.location!);
        assert.equal(page.statusCode, 200);
        if (/[<>"]/.test(text)) assert.ok(!page.body.includes(text), `escaped: ${text}`);
        assert.ok(
          !/<script(?![^>]*src=")/i.test(
            page.body.replace(/<script[^>]*type="application\/ld\+json"[\s\S]*?<\/script>/g, ''),
          ),
        );
      }
    });

    await t.test(
      'the rule as a filter agrees with the policy for every role; other modules name playbooks',
      async () => {
        const rows = await db.selectFrom('playbooks').select(['id', 'slug']).execute();
        assert.ok(rows.length >= 3);
        for (const role of ['visitor', 'member', 'coordinator', 'outsider', 'admin'] as const) {
          const actor =
            role === 'visitor'
              ? ({ kind: 'visitor' } as const)
              : { kind: 'user' as const, id: ids[role], isAdmin: role === 'admin' };
          const audience = await audienceOf(urbis.ctx, actor as Parameters<typeof audienceOf>[1]);
          const filtered = new Set(
            (await db.selectFrom('playbooks').select('id').where(visiblePlaybooks(audience)).execute()).map(
              (r) => r.id,
            ),
          );
          const named = await describeContent(
            urbis.ctx,
            rows.map((r) => ({ type: 'playbook', id: r.id })),
            audience,
            'en',
            new Date(),
          );
          for (const row of rows) {
            const playbook = (await findPlaybookBySlug(db, row.slug, 'en'))!;
            const may = maySeePlaybook(audience, playbook);
            assert.equal(filtered.has(row.id), may, `${role} ${row.slug}`);
            assert.equal(named('playbook', row.id) !== undefined, may, `${role} ${row.slug} named`);
          }
        }
      },
    );
  });
});

// Lessons on both engines, on the demo: the list and its filters and paging, a lesson in the reader's
// language, the review flow by form (draft → submitted → returned with a note → submitted → published,
// and an author's edit sending it back) with what each role sees at each step (author, coordinator,
// another member, a member of another partnership, a visitor, an administrator), bad input at the
// field and as a problem with nothing stored, the API, XSS strings coming out inert, and what other
// modules are given (the one rule as a filter, lessons by tags, counts per organisation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { fit, isPolyglotList, uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { createAccessToken } from '../../../test/support/accounts.js';
import { setUp } from '../../../test/support/news.js';
import { audienceOf } from '../partnerships/index.js';
import { lessonsByOrganisation, lessonsForTags, maySeeLesson, visibleLessons } from './index.js';
import { lessonsEvidence } from './lessons.evidence.js';
import { findLessonBySlug } from './lessons.queries.js';

const DNI = 'a-digital-competence-centre-in-the-library-run-with-residents';
const OULU = 'neighbourhood-help-desks-with-the-5g-test-network-s-start-ups';

/** A whole lesson as the form sends it. */
const FORM: Record<string, string> = {
  title: 'Open data days in the town hall',
  organisation: 'helsingborg',
  lang: 'en',
  tried: 'Monthly open data days.',
  worked: 'Students came.',
  not_worked: 'Nobody from the firms.',
  replicate: 'Invite the university first.',
  budget_band: 'under_10k',
  staff: '2',
  duration_months: '3',
  effort: 'low',
  tags: 'open data, small towns',
};

const slugs = (body: string) => (JSON.parse(body) as { items: { slug: string }[] }).items.map((i) => i.slug);

forEachEngine('lessons', (engine) => {
  test('the list, a lesson, the review flow, bad input, the API, XSS, and what other modules get', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('lessons')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    await t.test('the demo: published lessons for everyone, the one waiting for review for nobody else', async () => {
      const all = slugs((await as.visitor.get('/api/v1/lessons')).body);
      assert.equal(all.length, 4);
      assert.ok(all.includes(DNI));
      assert.ok(!all.includes(OULU), 'the Oulu lesson waits for review');
      assert.equal((await as.visitor.get(`/en/lessons/${OULU}`)).statusCode, 404);
      assert.equal((await as.member.get(`/api/v1/lessons/${OULU}`)).statusCode, 404, 'another member');
      assert.equal((await as.coordinator.get(`/en/lessons/${OULU}`)).statusCode, 200, 'a coordinator reviews it');
      const page = await as.visitor.get(`/en/lessons/${DNI}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Pilot report: Helsingborg/, 'a deliverable it came from');
      assert.match(page.body, /Digital Neighbourhood Instrument<\/a>/, 'the action it came from');
      const hub = await as.visitor.get('/en/partnerships/digital-transition/lessons');
      assert.equal(hub.statusCode, 200);
      assert.match(hub.body, /aria-current="page"[^>]*>Lessons</);
    });

    await t.test('filters and paging; a value the list does not take is a 400', async () => {
      const get = async (query: string) => slugs((await as.visitor.get(`/api/v1/lessons?${query}`)).body).sort();
      assert.equal((await get('size=large')).length, 2, 'Sofia and Rome');
      assert.deepEqual(await get('country=SE'), [DNI]);
      assert.equal((await get('topic=digital-neighbourhood-instrument')).length, 2);
      assert.deepEqual(await get('effort=high'), ['a-quality-label-for-open-data-needs-a-named-owner-per-dataset']);
      assert.deepEqual(await get('country=SE&effort=high'), []);
      const first = JSON.parse((await as.visitor.get('/api/v1/lessons?limit=3')).body);
      assert.equal(first.items.length, 3);
      const second = JSON.parse((await as.visitor.get(`/api/v1/lessons?limit=3&after=${first.next}`)).body);
      assert.equal(second.items.length, 1);
      assert.equal(second.next, null);
      const html = await as.visitor.get('/en/lessons?limit=3');
      assert.ok(html.body.includes(`after=${encodeURIComponent(first.next)}`), 'the page links to the next');
      for (const bad of ['size=huge', 'country=se', 'effort=1', 'after=zzz', 'limit=0', 'topic=%3Cx%3E'])
        for (const prefix of ['/api/v1/lessons', '/en/lessons']) {
          const response = await as.visitor.get(`${prefix}?${bad}`);
          assert.equal(response.statusCode, 400, `${prefix}?${bad}`);
        }
    });

    await t.test('in the reader’s language where it was translated, marked with lang', async () => {
      const cs = await as.visitor.get('/cs/lessons');
      assert.match(cs.body, /lang="cs"|Centrum digitálních dovedností/);
      assert.match(cs.body, /Centrum digitálních dovedností v knihovně/);
      const en = await as.visitor.get(`/en/lessons/${DNI}?in=cs`);
      assert.match(en.body, /<h1 lang="cs">Centrum digitálních dovedností/);
      assert.equal((await as.visitor.get(`/en/lessons/${DNI}?in=de`)).statusCode, 404, 'no German version');
      assert.equal((await as.visitor.get(`/en/lessons/${DNI}?in=xx`)).statusCode, 400);
    });

    await t.test('the review flow, and who sees what at each step', async () => {
      const before = await count();
      const made = await as.member.post(
        '/en/partnerships/digital-transition/lessons/new',
        { ...FORM, intent: 'save' },
        '/en/partnerships/digital-transition/lessons/new',
      );
      assert.equal(made.statusCode, 303);
      const path = made.headers.location!.replace(/^\/en/, '');
      assert.equal(await count(), before + 1);
      const sees = async (expected: Record<string, number>) => {
        for (const [role, status] of Object.entries(expected))
          assert.equal((await as[role as keyof typeof as].get(`/en${path}`)).statusCode, status, `${role} ${path}`);
      };
      // A draft: its author, the coordinators and administrators.
      await sees({ member: 200, coordinator: 200, admin: 200, otherMember: 404, outsider: 404, visitor: 404 });
      assert.ok(!slugs((await as.otherMember.get('/api/v1/lessons')).body).includes(path.split('/')[2]!));
      // Nobody publishes a draft; the author sends it for review.
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 404);
      assert.equal((await as.otherMember.post(`/en${path}/submit`, {}, '/en/lessons')).statusCode, 404);
      assert.equal((await as.member.post(`/en${path}/submit`, {}, `/en${path}`)).statusCode, 303);
      assert.equal((await as.member.post(`/en${path}/submit`, {}, `/en${path}`)).statusCode, 404, 'once');
      // Who hears of each move: the coordinators of a lesson sent for review, once; its author of the rest.
      const lessonId = (
        await urbis.ctx.db
          .selectFrom('lessons')
          .select('id')
          .where('slug', '=', path.split('/')[2]!)
          .executeTakeFirstOrThrow()
      ).id;
      const rows = (userId: number) =>
        urbis.ctx.db
          .selectFrom('notifications')
          .select(['id', 'kind', 'path'])
          .where('user_id', '=', userId)
          .where('subject_type', '=', 'lesson')
          .where('subject_id', '=', lessonId)
          .orderBy('id')
          .execute();
      const notes = async (userId: number) =>
        (
          await urbis.ctx.db
            .selectFrom('notifications')
            .select(['kind', 'path'])
            .where('user_id', '=', userId)
            .where('subject_type', '=', 'lesson')
            .where('subject_id', '=', lessonId)
            .orderBy('id')
            .execute()
        ).map((n) => `${n.kind} ${n.path}`);
      assert.deepEqual(await notes(ids.coordinator), [`lessons.notification.submitted ${path}`]);
      assert.deepEqual(await notes(ids.member), [], 'the author is not told of their own move');
      // Returning it needs a note, said at its field.
      const noNote = await as.coordinator.post(`/en${path}/return`, { note: '' }, `/en${path}`);
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /id="field-note-error"/);
      assert.equal((await as.member.post(`/en${path}/return`, { note: 'x' }, `/en${path}`)).statusCode, 404);
      const note = 'Say what the students did.';
      assert.equal((await as.coordinator.post(`/en${path}/return`, { note }, `/en${path}`)).statusCode, 303);
      assert.ok((await as.member.get(`/en${path}`)).body.includes(note), 'the author reads the note');
      await sees({ otherMember: 404, visitor: 404 });
      assert.equal((await as.member.post(`/en${path}/submit`, {}, `/en${path}`)).statusCode, 303);
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 303);
      await sees({ member: 200, coordinator: 200, otherMember: 200, outsider: 200, visitor: 200 });
      assert.deepEqual(await notes(ids.member), [
        `lessons.notification.returned ${path}`,
        `lessons.notification.published ${path}`,
      ]);
      assert.deepEqual(await notes(ids.coordinator), [
        `lessons.notification.submitted ${path}`,
        `lessons.notification.submitted ${path}`,
      ]);
      // Mailed: the author's two notes (a returned lesson waits for them), not the coordinators'.
      const mailed = new Set(
        (
          await urbis.ctx.db
            .selectFrom('core_jobs')
            .select('payload')
            .where('kind', '=', 'notifications.mail')
            .execute()
        ).map(
          (j) =>
            (JSON.parse(typeof j.payload === 'string' ? j.payload : JSON.stringify(j.payload)) as { id: number }).id,
        ),
      );
      assert.deepEqual(
        (await rows(ids.member)).map((n) => mailed.has(n.id)),
        [true, true],
      );
      assert.deepEqual(
        (await rows(ids.coordinator)).map((n) => mailed.has(n.id)),
        [false, false],
      );
      assert.ok(!(await as.visitor.get(`/en${path}`)).body.includes(note), 'the note is gone once published');
      assert.ok(slugs((await as.visitor.get('/api/v1/lessons?topic=small-towns')).body).includes(path.split('/')[2]!));
      // The author's edit of a published lesson sends it back to review; a coordinator's does not.
      const form = await as.member.get(`/en${path}/edit`);
      assert.match(form.body, /sends it back to the coordinators/);
      const edited = await as.member.post(`/en${path}/edit`, { ...FORM, worked: 'Students and teachers came.' });
      assert.equal(edited.statusCode, 303);
      await sees({ member: 200, coordinator: 200, visitor: 404, otherMember: 404 });
      assert.equal((await as.coordinator.post(`/en${path}/publish`, {}, `/en${path}`)).statusCode, 303);
      const fixed = await as.coordinator.post(
        `/en${path}/edit`,
        { ...FORM, worked: 'Students came, then teachers.' },
        `/en${path}/edit`,
      );
      assert.equal(fixed.statusCode, 303);
      await sees({ visitor: 200 });
      // The author's edit sent it to the coordinators again; theirs tells no one.
      assert.deepEqual((await notes(ids.coordinator)).length, 3);
      assert.equal((await notes(ids.member)).length, 3, 'published twice, returned once');
      assert.equal((await as.otherMember.get(`/en${path}/edit`)).statusCode, 404);
      assert.equal((await as.visitor.get(`/en${path}/edit`)).statusCode, 303, 'sent to sign in');
      // A translation by another member, once it is published; shown in its language.
      const cs = {
        title: 'Dny otevřených dat',
        tried: 'Každý měsíc.',
        worked: 'Přišli studenti.',
        not_worked: 'Firmy ne.',
        replicate: 'Pozvěte univerzitu.',
      };
      assert.equal(
        (await as.otherMember.post(`/en${path}/translations/cs`, cs, `/en${path}/translations/cs`)).statusCode,
        303,
      );
      assert.match((await as.visitor.get(`/cs${path}`)).body, /Dny otevřených dat/);
      assert.equal((await as.outsider.get(`/en${path}/translations/cs`)).statusCode, 404);
    });

    await t.test('bad input: at the field on the page, a problem from the API; nothing stored', async () => {
      const before = await count();
      const page = await as.member.post(
        '/en/partnerships/digital-transition/lessons/new',
        {
          ...FORM,
          title: '',
          effort: 'enormous',
          staff: '1e3',
          tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(', '),
        },
        '/en/partnerships/digital-transition/lessons/new',
      );
      assert.equal(page.statusCode, 400);
      for (const field of ['title', 'effort', 'staff', 'tags'])
        assert.match(page.body, new RegExp(`id="field-${field}-error"`), field);
      assert.match(page.body, /class="error-summary"/);
      const wrongPlace = await as.member.post('/en/partnerships/digital-transition/lessons/new', {
        ...FORM,
        organisation: 'nowhere',
        action: '999999',
      });
      assert.equal(wrongPlace.statusCode, 400);
      assert.match(wrongPlace.body, /id="field-organisation-error"/);
      assert.match(wrongPlace.body, /Choose among the partnership’s actions/);
      assert.equal(await count(), before);
      // Not a member: the form is not there.
      assert.equal((await as.outsider.get('/en/partnerships/digital-transition/lessons/new')).statusCode, 404);

      const { token } = await createAccessToken(urbis.ctx, ids.member, 'lessons');
      const api = (method: 'POST' | 'PUT', url: string, payload: unknown) =>
        urbis.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
      const body = { ...FORM, staff: 2, duration_months: 3, tags: ['open data'], sources: [] as unknown[] };
      const bad = await api('POST', '/api/v1/partnerships/digital-transition/lessons', {
        ...body,
        title: 'x'.repeat(201),
        effort: 'none',
        sources: [
          { type: 'action', id: 999999 },
          { type: 'post', id: 1 },
        ],
      });
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
      const pointers = (JSON.parse(bad.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort();
      assert.deepEqual(pointers, ['/body/effort', '/body/sources/1', '/body/title']);
      const unknown = await api('POST', '/api/v1/partnerships/digital-transition/lessons', {
        ...body,
        sources: [{ type: 'meeting', id: 999999 }],
      });
      assert.deepEqual(
        (JSON.parse(unknown.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer),
        ['/body/sources/0'],
      );
      assert.equal(await count(), before);
      const made = await api('POST', '/api/v1/partnerships/digital-transition/lessons', { ...body, submit: true });
      assert.equal(made.statusCode, 201);
      const lesson = JSON.parse(made.body) as { slug: string; state: string };
      assert.equal(lesson.state, 'submitted');
      assert.equal(made.headers.location, `/api/v1/lessons/${lesson.slug}`);
      // Sent for review as it is written: the coordinators are told.
      const told = await urbis.ctx.db
        .selectFrom('notifications')
        .innerJoin('lessons', 'lessons.id', 'notifications.subject_id')
        .select('notifications.kind')
        .where('notifications.subject_type', '=', 'lesson')
        .where('lessons.slug', '=', lesson.slug)
        .where('notifications.user_id', '=', ids.coordinator)
        .execute();
      assert.deepEqual(
        told.map((n) => n.kind),
        ['lessons.notification.submitted'],
      );
      const coordinator = (await createAccessToken(urbis.ctx, ids.coordinator, 'review')).token;
      const review = (what: string, payload: object = {}) =>
        urbis.app.inject({
          method: 'POST',
          url: `/api/v1/lessons/${lesson.slug}/${what}`,
          headers: { authorization: `Bearer ${coordinator}` },
          payload,
        });
      assert.equal((await review('return', { note: '' })).statusCode, 400);
      assert.equal(
        (await api('POST', `/api/v1/lessons/${lesson.slug}/publish`, {})).statusCode,
        404,
        'the author does not',
      );
      const published = await review('publish');
      assert.equal(published.statusCode, 200);
      assert.equal(JSON.parse(published.body).state, 'published');
      assert.equal((await review('publish')).statusCode, 404, 'once');
    });

    await t.test('XSS strings in a lesson’s fields come out inert', async () => {
      const lists = xssLists().filter(isPolyglotList);
      assert.ok(lists.length > 0);
      const strings = uniqueStrings(lists).slice(0, 6);
      for (const text of strings) {
        const [title = 'x'] = fit(text, 200);
        const made = await as.member.post('/en/partnerships/digital-transition/lessons/new', {
          ...FORM,
          title,
          tried: text,
          replicate: text,
          tags: '',
          intent: 'save',
        });
        assert.equal(made.statusCode, 303, text);
        const page = await as.member.get(made.headers.location!);
        assert.equal(page.statusCode, 200);
        if (/[<>"]/.test(text)) assert.ok(!page.body.includes(text), `escaped: ${text}`);
        assert.ok(
          !/<script(?![^>]*src=")/i.test(
            page.body.replace(/<script[^>]*type="application\/ld\+json"[\s\S]*?<\/script>/g, ''),
          ),
        );
      }
    });

    await t.test('other modules: the rule as a filter agrees, lessons by tags, counts per organisation', async () => {
      for (const role of ['visitor', 'member', 'coordinator', 'outsider', 'admin'] as const) {
        const actor =
          role === 'visitor'
            ? ({ kind: 'visitor' } as const)
            : { kind: 'user' as const, id: ids[role], isAdmin: role === 'admin' };
        const audience = await audienceOf(urbis.ctx, actor as Parameters<typeof audienceOf>[1]);
        const rows = await db.selectFrom('lessons').select(['id', 'slug']).execute();
        const filtered = new Set(
          (await db.selectFrom('lessons').select('id').where(visibleLessons(audience)).execute()).map((r) => r.id),
        );
        for (const row of rows) {
          const lesson = (await findLessonBySlug(db, row.slug, 'en'))!;
          assert.equal(filtered.has(row.id), maySeeLesson(audience, lesson), `${role} ${row.slug}`);
        }
      }
      const dni = await db
        .selectFrom('tags')
        .select('id')
        .where('slug', '=', 'digital-neighbourhood-instrument')
        .executeTakeFirstOrThrow();
      const skills = await db
        .selectFrom('tags')
        .select('id')
        .where('slug', '=', 'digital-skills')
        .executeTakeFirstOrThrow();
      const found = await lessonsForTags(
        urbis.ctx,
        await audienceOf(urbis.ctx, { kind: 'visitor' } as never),
        [dni.id, skills.id],
        10,
      );
      assert.deepEqual(
        found.map((l) => l.sharedTags),
        [2, 2, 1],
        'Helsingborg and Sofia share both tags, Estonia one; Oulu’s waits for review',
      );
      assert.ok(!found.some((l) => l.slug === OULU));
      const orgs = await db
        .selectFrom('organisations')
        .select(['id', 'slug'])
        .where('slug', 'in', ['helsingborg', 'oulu', 'lyon'])
        .execute();
      const counts = await lessonsByOrganisation(
        urbis.ctx,
        orgs.map((o) => o.id),
      );
      const bySlug = Object.fromEntries(orgs.map((o) => [o.slug, counts.get(o.id) ?? 0]));
      assert.equal(bySlug.oulu, 0);
      assert.equal(bySlug.lyon, 0);
      assert.ok(bySlug.helsingborg! >= 1);

      // As matchmaking's evidence: published lessons only, those on the subject's tags worth more,
      // the asking organisation left out.
      const helsingborg = orgs.find((o) => o.slug === 'helsingborg')!.id;
      const oulu = orgs.find((o) => o.slug === 'oulu')!.id;
      const evidence = await lessonsEvidence(urbis.ctx, { tagIds: [dni.id], organisationIds: [] });
      const ofHelsingborg = evidence.filter((e) => e.organisationId === helsingborg);
      // The pilot's lesson is on the topic; the lessons written above for Helsingborg are its others.
      const onTopic = ofHelsingborg.find((e) => e.kind === 'lessons.evidence.onTopic');
      assert.deepEqual(onTopic && [onTopic.count, onTopic.weight, onTopic.tagIds], [1, 3, [dni.id]]);
      assert.ok(!evidence.some((e) => e.organisationId === oulu), 'Oulu’s lesson waits for review');
      assert.ok(evidence.some((e) => e.kind === 'lessons.evidence.other' && e.weight === 1 && e.tagIds.length === 0));
      const asked = await lessonsEvidence(urbis.ctx, { tagIds: [dni.id], organisationIds: [helsingborg] });
      assert.ok(!asked.some((e) => e.organisationId === helsingborg), 'no one is their own peer');
    });
  });
});

// The self-assessment on both engines: scoring (pure), drafts kept and continued, submitting only
// when every current question has an answer (nothing lost; messages at the questions), bad input at
// the field or as a problem with nothing stored, who may see what (404 for anyone but the
// organisation's confirmed members), the averages' anonymity threshold, retired questions, the
// demo's two assessments and their pointers to funding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { Browser, fieldError } from '../../../test/support/accounts.js';
import type { Urbis } from '../../app.js';
import { createUser } from '../accounts/index.js';
import {
  findOrganisationsByIds,
  insertOrganisation,
  organisationIdBySlug,
  syncClaims,
} from '../organisations/index.js';
import * as q from './assessments.queries.js';
import { bandAverages, dimensionScore, overallScore, weakest } from './assessments.scoring.js';
import { viewAssessment } from './assessments.service.js';

const DEMO_PASSWORD = 'urbis-demo-2026';
const PASSWORD = 'a long test password';

describe('assessments: scoring', () => {
  test('a dimension’s score is Σ levels over 4 per question, as a whole percentage', () => {
    assert.equal(dimensionScore([4, 4, 4]), 100);
    assert.equal(dimensionScore([0, 0, 0]), 0);
    assert.equal(dimensionScore([1, 2, 1]), 33); // 4 of 12
    assert.equal(dimensionScore([3, 2, 2]), 58); // 7 of 12 = 58.3
    assert.equal(dimensionScore([2, 1]), 38); // 3 of 8 = 37.5, rounded half up
    assert.equal(dimensionScore([]), null);
    assert.equal(overallScore([33, 58, 100]), 64);
    assert.equal(overallScore([]), null);
  });
  test('the weakest two dimensions below 100, ties in the order of the set', () => {
    const dims = [
      { id: 'a', score: 50, position: 1 },
      { id: 'b', score: 25, position: 2 },
      { id: 'c', score: 50, position: 3 },
      { id: 'd', score: 100, position: 4 },
    ];
    assert.deepEqual(
      weakest(dims).map((d) => d.id),
      ['b', 'a'],
    );
    assert.deepEqual(weakest([{ score: 100, position: 1 }]), []);
  });
  test('a size band’s average per dimension only from 3 organisations on', () => {
    const two = [
      { organisationId: 1, scores: new Map([[1, 40]]) },
      { organisationId: 2, scores: new Map([[1, 60]]) },
    ];
    assert.equal(bandAverages(two).size, 0);
    const three = [
      ...two,
      {
        organisationId: 3,
        scores: new Map([
          [1, 71],
          [2, 10],
        ]),
      },
    ];
    assert.deepEqual([...bandAverages(three)], [[1, 57]]);
  });
});

forEachEngine('assessments', (engine) => {
  let urbis: Urbis;
  let litomysl: number;
  /** Tereza Kolářová, the demo's confirmed member of Litomyšl. */
  let tereza: Browser;
  // One demo application for the whole file, closed when it ends.
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });
  before(async () => {
    urbis = await buildTestApp({ after: (fn: () => Promise<void>) => void cleanups.push(fn) }, engine, { demo: true });
    litomysl = (await organisationIdBySlug(urbis.ctx.db, 'litomysl'))!;
    tereza = new Browser(urbis.app, { remoteAddress: '127.0.0.20' });
    assert.equal((await tereza.signIn('tereza-kolarova@demo.urbis.eu', DEMO_PASSWORD)).statusCode, 303);
  });

  async function person(handle: string, isAdmin = false): Promise<{ id: number; browser: Browser }> {
    const id = await createUser(urbis.ctx.db, {
      email: `${handle}@example.eu`,
      handle,
      displayName: handle,
      password: PASSWORD,
      isAdmin,
    });
    const browser = new Browser(urbis.app, { remoteAddress: `127.0.1.${(id % 200) + 1}` });
    assert.equal((await browser.signIn(`${handle}@example.eu`, PASSWORD)).statusCode, 303);
    return { id, browser };
  }

  test('the demo: two assessments of Litomyšl a year apart, progress shown, pointers to open funding', async () => {
    const list = await tereza.get('/api/v1/assessments');
    assert.equal(list.statusCode, 200);
    const [mine] = list.json().organisations;
    assert.equal(mine.organisation.slug, 'litomysl');
    assert.equal(mine.assessments.length, 2);
    const [latest, earlier] = mine.assessments;
    assert.ok(Date.parse(latest.submittedAt) - Date.parse(earlier.submittedAt) > 360 * 86_400_000);
    assert.ok(latest.overall > earlier.overall, 'progress');

    const json = (await tereza.get(`/api/v1/assessments/${latest.id}`)).json();
    const data = json.scores.find((s: { dimension: string }) => s.dimension === 'data');
    assert.deepEqual([data.score, data.previous, data.bandAverage], [33, 8, null]);
    assert.equal(json.bandContributors, 0);

    const page = await tereza.get(`/en/assessments/${latest.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*role="img"[^>]*aria-labelledby="score-chart-title score-chart-desc"/);
    assert.match(page.body, /<caption>Scores by dimension, out of 100<\/caption>/);
    assert.match(page.body, /once at least 3 other organisations have submitted an assessment; so far none has/);
    // The weakest dimensions point to items of the register on their topics, and to the register and tags.
    assert.match(page.body, /<h3 id="pointer-data">Data and interoperability<\/h3>/);
    assert.match(page.body, /href="\/en\/funding\/\d+"/);
    assert.match(page.body, /href="\/en\/funding\?topic=open-data&amp;topic=data&amp;topic=emerging-technologies"/);
    assert.match(page.body, /href="\/en\/tags\/open-data"/);
  });

  test('a draft: started once, saved half-filled and continued, submitted only when complete', async () => {
    const start = await tereza.post('/en/assessments', { organisation: String(litomysl) }, '/en/assessments');
    assert.equal(start.statusCode, 303);
    const path = start.headers.location!;
    const id = Number(/\/en\/assessments\/(\d+)$/.exec(path)?.[1]);
    // Starting again goes back to the same draft.
    assert.equal((await tereza.post('/en/assessments', { organisation: String(litomysl) })).headers.location, path);

    const form = await tereza.get(path);
    assert.equal(form.statusCode, 200);
    const questions = [...form.body.matchAll(/name="(q\d+)" value="0"/g)].map((m) => m[1]!);
    assert.equal(questions.length, 18);
    assert.match(form.body, /<fieldset class="fieldset"><legend>Strategy and leadership<\/legend>/);

    // Half of them, saved as a draft.
    const half = Object.fromEntries(questions.slice(0, 9).map((name) => [name, '2']));
    const saved = await tereza.post(path, { ...half, intent: 'save' }, path);
    assert.equal(saved.headers.location, `${path}?saved=1`);
    const again = await tereza.get(`${path}?saved=1`);
    assert.match(again.body, /saved as a draft/);
    assert.match(again.body, new RegExp(`name="${questions[0]}" value="2" checked`));
    assert.match(again.body, /9 of 18 questions answered/);

    // Submitting with a level that is not one: said at the question, nothing stored.
    const bad = await tereza.post(path, { [questions[9]!]: '7', intent: 'submit' }, path);
    assert.equal(bad.statusCode, 400);
    assert.equal(fieldError(bad.body, questions[9]!), 'Choose one of the levels from 0 to 4.');
    assert.equal((await q.answersOf(urbis.ctx.db, id)).size, 9);

    // Submitting with one more answer but others missing: the answer is kept, each missing question named.
    const missing = await tereza.post(path, { [questions[9]!]: '4', intent: 'submit' }, path);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /class="error-summary"/);
    assert.equal(fieldError(missing.body, questions[17]!), 'Choose a level for this question before submitting.');
    assert.equal(fieldError(missing.body, questions[0]!), undefined);
    assert.match(missing.body, new RegExp(`href="#field-${questions[10]}"`));
    assert.equal((await q.findAssessment(urbis.ctx.db, id))?.status, 'draft');
    assert.equal((await q.answersOf(urbis.ctx.db, id)).get(Number(questions[9]!.slice(1))), 4);

    // The API: a question that is not one refuses everything; submitting with gaps names them.
    const token = /name="_csrf" value="([^"]+)"/.exec(missing.body)![1]!;
    const patch = (body: unknown) =>
      urbis.app.inject({
        method: 'PATCH',
        url: `/api/v1/assessments/${id}`,
        remoteAddress: '127.0.0.20',
        headers: { cookie: tereza.header(), 'x-csrf-token': token, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const unknown = await patch({
      answers: [
        { question: 1, level: 1 },
        { question: 999999, level: 1 },
      ],
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(
      unknown.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/body/answers/1/question'],
    );
    assert.equal((await q.answersOf(urbis.ctx.db, id)).get(1), 2, 'nothing stored');
    const gaps = await patch({ answers: [], submit: true });
    assert.equal(gaps.statusCode, 400);
    assert.equal(gaps.json().errors[0].pointer, '/body/answers');
    assert.equal((await patch({ answers: [{ question: 1, level: 9 }] })).statusCode, 400);

    // Everything answered (the rest with 1): submitted, scored by the formula.
    const rest = Object.fromEntries(questions.slice(10).map((name) => [name, '1']));
    const done = await tereza.post(path, { ...rest, intent: 'submit' }, path);
    assert.equal(done.headers.location, `${path}?submitted=1`);
    const result = (await tereza.get(`/api/v1/assessments/${id}`)).json();
    assert.equal(result.assessment.status, 'submitted');
    // Strategy, services, data: 2, 2, 2 → 50; infrastructure: 4, 1, 1 → 50; the rest all 1 → 25.
    assert.deepEqual(
      result.scores.map((s: { score: number }) => s.score),
      [50, 50, 50, 50, 25, 25],
    );
    assert.equal(result.assessment.overall, 42);
    // Its comparison is with the demo's latest.
    assert.equal(result.scores[2].previous, 33);
    // A submitted assessment takes no more answers.
    assert.equal((await tereza.post(path, { intent: 'save' }, path)).statusCode, 404);
    assert.equal((await patch({ answers: [] })).statusCode, 404);
  });

  test('only the organisation’s confirmed members see its assessments: 404 for anyone else, admins too', async () => {
    const [latest] = await q.listAssessments(urbis.ctx.db, [litomysl]);
    const path = `/en/assessments/${latest!.id}`;
    const stranger = await person('assess-stranger');
    const admin = await person('assess-admin', true);
    // A pending claim is not enough.
    const pending = await person('assess-pending');
    await syncClaims(urbis.ctx.db, pending.id, [litomysl], 'pending');
    for (const who of [stranger, admin, pending]) {
      assert.equal((await who.browser.get(path)).statusCode, 404);
      assert.equal((await who.browser.get(`/api/v1/assessments/${latest!.id}`)).statusCode, 404);
      assert.equal((await who.browser.post('/en/assessments', { organisation: String(litomysl) })).statusCode, 404);
      assert.deepEqual((await who.browser.get('/api/v1/assessments')).json(), { organisations: [] });
    }
    const visitor = await urbis.app.inject(path);
    assert.equal(visitor.statusCode, 303);
    assert.equal((await urbis.app.inject(`/api/v1/assessments/${latest!.id}`)).statusCode, 401);
    // Confirmed: in.
    await urbis.ctx.db
      .updateTable('organisation_claims')
      .set({ status: 'confirmed' })
      .where('user_id', '=', pending.id)
      .execute();
    assert.equal((await pending.browser.get(path)).statusCode, 200);
  });

  test('the averages of a size band: shown from 3 other organisations on, never naming one', async () => {
    const db = urbis.ctx.db;
    const [latest] = await q.listAssessments(db, [litomysl]);
    const set = await q.loadQuestionSet(db, 'en');
    const strategy = set.find((d) => d.slug === 'strategy')!;
    const org = (await findOrganisationsByIds(db, [litomysl])).get(litomysl)!;
    const user = await createUser(db, {
      email: 'assess-band@example.eu',
      handle: 'assess-band',
      displayName: 'Band',
      password: PASSWORD,
    });
    const averageNow = async () =>
      (await viewAssessment({ db }, (await q.findAssessment(db, latest!.id))!, org, 'en')).result!;
    for (const [i, score] of [10, 20, 60].entries()) {
      await insertOrganisation(db, {
        name: `Small town ${i}`,
        slug: `small-town-${i}`,
        kind: 'city',
        country: 'CZ',
        sizeBand: 'small',
      });
      const other = (await organisationIdBySlug(db, `small-town-${i}`))!;
      await q.insertDraft(db, other, user, '2020-01-01T00:00:00.000Z');
      const id = (await q.draftOf(db, other))!;
      await q.markSubmitted(db, id, { userId: user, at: '2020-01-02T00:00:00.000Z', sizeBand: 'small' }, [
        { dimensionId: strategy.id, score, questions: 3 },
      ]);
      const result = await averageNow();
      assert.equal(result.contributors, i + 1);
      const shown = result.dimensions.find((d) => d.dimension.slug === 'strategy')!.bandAverage;
      assert.equal(shown, i < 2 ? null : 30, `with ${i + 1} other organisations`);
    }
    // A fourth organisation's assessment in another band does not count.
    const page = await tereza.get(`/en/assessments/${latest!.id}`);
    assert.match(page.body, /latest assessments of 3 other organisations among small cities/);
    assert.doesNotMatch(page.body, /Small town/);
  });

  test('the question set: administrators add and retire; a retired question keeps old answers readable', async () => {
    const admin = await person('assess-editor', true);
    assert.equal((await admin.browser.get('/en/assessments/questions')).statusCode, 200);
    assert.equal((await tereza.get('/en/assessments/questions')).statusCode, 404);
    const set = await q.loadQuestionSet(urbis.ctx.db, 'en');
    const data = set.find((d) => d.slug === 'data')!;
    const first = data.questions[0]!;

    // Bad input: said at the fields, nothing stored.
    const bad = await admin.browser.post(
      '/en/assessments/questions/new',
      { dimension: String(data.id), text_en: 'x'.repeat(501), text_cs: '' },
      '/en/assessments/questions/new',
    );
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'text_cs'));
    assert.ok(fieldError(bad.body, 'text_en'));
    assert.equal(
      set.find((d) => d.id === data.id)!.questions.length,
      (await q.loadQuestionSet(urbis.ctx.db, 'en')).find((d) => d.id === data.id)!.questions.length,
    );
    const added = await admin.browser.post('/en/assessments/questions/new', {
      dimension: String(data.id),
      text_en: 'Data is shared with neighbouring municipalities.',
      text_cs: 'Data se sdílejí se sousedními obcemi.',
    });
    assert.equal(added.headers.location, '/en/assessments/questions?done=1');
    const dimension = await admin.browser.post('/en/assessments/questions/dimensions/new', {
      slug: 'strategy',
      name_en: 'Again',
      name_cs: 'Znovu',
      tags: 'Not A Slug!',
    });
    assert.equal(dimension.statusCode, 400);
    assert.ok(fieldError(dimension.body, 'slug'));
    assert.ok(fieldError(dimension.body, 'tags'));

    assert.equal(
      (await admin.browser.post(`/en/assessments/questions/${first.id}/retire`, { retired: '1' })).statusCode,
      303,
    );
    // A new draft asks the new question, not the retired one; the old result still shows its answer.
    const start = await tereza.post('/en/assessments', { organisation: String(litomysl) }, '/en/assessments');
    const form = await tereza.get(start.headers.location!);
    assert.doesNotMatch(form.body, new RegExp(`name="q${first.id}"`));
    assert.match(form.body, /Data is shared with neighbouring municipalities\./);
    const cs = await tereza.get(start.headers.location!.replace('/en/', '/cs/'));
    assert.match(cs.body, /Data se sdílejí se sousedními obcemi\./);
    const [, old] = (await q.listAssessments(urbis.ctx.db, [litomysl])).filter((a) => a.status === 'submitted');
    const result = await tereza.get(`/en/assessments/${old!.id}`);
    assert.match(result.body, new RegExp(`${first.text.replace(/[.]/g, '\\.')}</span> \\(no longer asked\\)`));
  });
});

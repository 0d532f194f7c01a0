// Matching on the demo, HTML and JSON, on both engines: Action 4 (citizen-centric e-government)
// gets the e-government items its leads may apply for, with reasons; an item meant for member
// states only never reaches a city's action; a members-only action is named on an item's fits to
// the partnership's members only; the hub's Funding tab and an organisation's fits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { signInOnce, withPartnershipPeople } from '../../../test/support/partnerships.js';
import { changeAction } from '../actions/index.js';
import type { FitList } from './funding.match.reads.js';

const DTP = '/partnerships/digital-transition';

forEachEngine('funding: matching', (engine) => {
  test('an action, an item, a partnership, an organisation: what fits, why, only what the reader sees', async (t) => {
    const { urbis, dtp } = await withPartnershipPeople(t, engine);
    const { app, ctx } = urbis;
    const json = async <T>(url: string, cookie?: string) => {
      const res = await app.inject({ url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
      assert.equal(res.statusCode, 200, url);
      return JSON.parse(res.body) as T;
    };
    const titles = (list: FitList) => list.items.map((i) => i.title);

    // Action 4: the e-government items Oulu (a city) or Estonia (a member state) may apply for.
    const four = await json<FitList>(`${DTP}/actions/4/funding`);
    assert.deepEqual(titles(four).slice(0, 2), [
      'European Digital Innovation Hubs: services for the public sector',
      'Prize for citizen-centric digital services',
    ]);
    assert.ok(titles(four).includes('Cybersecurity of municipal services'));
    // For small towns of four countries: neither Oulu nor Estonia may apply. Closed items never fit.
    assert.ok(!titles(four).includes('Smart villages and small towns: digital services'));
    assert.ok(!titles(four).includes('Trustworthy artificial intelligence in public services'));
    for (const item of four.items) {
      assert.ok(['open', 'closing_soon', 'forthcoming'].includes(item.status));
      const topics = item.reasons.find((r) => r.kind === 'topics');
      assert.deepEqual(
        topics?.tags?.map((tag) => tag.slug),
        ['e-government'],
      );
      assert.ok(item.reasons.some((r) => r.kind === 'eligible'));
      assert.ok(item.reasons.some((r) => r.kind === 'timing'));
    }
    const hubs = four.items[0]!.reasons.find((r) => r.kind === 'eligible')!;
    assert.deepEqual(
      hubs.organisations?.map((o) => o.slug),
      ['oulu'],
    );

    // 5G corridors are for member states and agencies: not for Sofia's Action 14, but for Spain's Action 15.
    const corridors = '5G corridors along transport routes';
    assert.ok(!titles(await json<FitList>(`${DTP}/actions/14/funding`)).includes(corridors));
    assert.ok(titles(await json<FitList>(`${DTP}/actions/15/funding`)).includes(corridors));

    // The action's page: the section, with its reasons in words, in English and Czech.
    const page = await app.inject(`/en${DTP}/actions/4`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2 id="funding-fits">Funding that fits<\/h2>/);
    assert.match(page.body, /European Digital Innovation Hubs/);
    assert.match(page.body, /Shared topics:/);
    assert.match(page.body, /May apply: <a href="\/en\/organisations\/oulu">Oulu<\/a>/);
    const czech = await app.inject(`/cs${DTP}/actions/4/funding`);
    assert.equal(czech.statusCode, 200);
    assert.match(czech.body, /Financování vhodné pro Akce 4/);
    assert.match(czech.body, /Společná témata:/);

    // An item's fits: Action 4 while it is public; made members-only, only members see it there.
    const edih = await ctx.db
      .selectFrom('funding_opportunities')
      .select('id')
      .where('external_id', '=', 'demo-dep-edih')
      .executeTakeFirstOrThrow();
    type Fits = { actions: { number: number }[]; organisations: { slug: string }[] };
    const before = await json<Fits>(`/funding/${edih.id}/fits`);
    assert.ok(before.actions.some((a) => a.number === 4));
    assert.ok(before.organisations.some((o) => o.slug === 'oulu'));
    const action4 = await ctx.db
      .selectFrom('actions')
      .select('id')
      .where('partnership_id', '=', dtp)
      .where('number', '=', 4)
      .executeTakeFirstOrThrow();
    await changeAction(ctx.db, action4.id, { membersOnly: true }, { userId: null, at: new Date().toISOString() });
    const visitor = await json<Fits>(`/funding/${edih.id}/fits`);
    assert.ok(!visitor.actions.some((a) => a.number === 4));
    assert.doesNotMatch((await app.inject(`/en/funding/${edih.id}/fits`)).body, /user-centric e-government/);
    const outsider = await json<Fits>(`/funding/${edih.id}/fits`, await signInOnce(urbis, 'milan'));
    assert.ok(!outsider.actions.some((a) => a.number === 4));
    const member = await json<Fits>(`/funding/${edih.id}/fits`, await signInOnce(urbis, 'lotte'));
    assert.ok(member.actions.some((a) => a.number === 4));
    // Its own funding page is the action's: a 404 for those who may not see it.
    assert.equal((await app.inject(`/api/v1${DTP}/actions/4/funding`)).statusCode, 404);
    assert.equal((await app.inject(`/en${DTP}/actions/4/funding`)).statusCode, 404);
    assert.equal(
      (
        await app.inject({
          url: `/api/v1${DTP}/actions/4/funding`,
          headers: { cookie: await signInOnce(urbis, 'lotte') },
        })
      ).statusCode,
      200,
    );

    // The hub's Funding tab: what fits the plan (Action 4's items only for members now).
    const hub = await json<FitList>(`${DTP}/funding`);
    assert.ok(hub.items.length > 0);
    assert.ok(hub.items.every((i) => i.reasons.some((r) => r.kind === 'actions')));
    const tab = await app.inject(`/en${DTP}/funding`);
    assert.equal(tab.statusCode, 200);
    assert.match(tab.body, /Funding that fits the action plan/);
    assert.match(tab.body, /aria-current="page"[^>]*>Funding</);

    // An organisation: Oulu's topics are those of the public actions it works on.
    const oulu = await json<FitList>('/organisations/oulu/funding');
    assert.ok(oulu.topics.length > 0);
    assert.ok(oulu.items.every((i) => i.reasons.some((r) => r.kind === 'topics')));
    assert.equal((await app.inject('/en/organisations/oulu/funding')).statusCode, 200);
    // Under the organisation's own page: the best few, in words, and a link to all.
    const profile = await app.inject('/en/organisations/oulu');
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /<h2 id="funding-fits">Funding that fits<\/h2>/);
    assert.match(profile.body, /href="\/en\/organisations\/oulu\/funding"/);
    const profileJson = await json<Record<string, unknown>>('/organisations/oulu');
    assert.equal(profileJson.recordId, undefined, 'the JSON twin stays as it was');

    // Nothing to see: 404, never 500.
    for (const url of [
      `${DTP}/actions/999/funding`,
      '/partnerships/no-such/funding',
      '/organisations/no-such/funding',
      '/funding/999999/fits',
      '/funding/99999999999/fits',
      `${DTP}/actions/abc/funding`,
    ]) {
      assert.equal((await app.inject(`/api/v1${url}`)).statusCode, 404, url);
      assert.equal((await app.inject(`/en${url}`)).statusCode, 404, url);
    }
  });
});

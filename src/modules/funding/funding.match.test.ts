// Matching's rules as pure functions: cases where the ranking must come out a given way, and
// what is never matched (closed, no shared topic, nobody who may apply, opening after the end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  eligibilityOf,
  fitsOfItem,
  matchAction,
  rankForAction,
  rankForOrganisation,
  rankForPartnership,
  type MatchAction,
  type MatchItem,
  type MatchOrganisation,
} from './funding.match.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const day = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

const oulu: MatchOrganisation = { id: 1, slug: 'oulu', name: 'Oulu', kind: 'city', country: 'FI', sizeBand: 'medium' };
const estonia: MatchOrganisation = {
  id: 2,
  slug: 'estonia',
  name: 'Estonia',
  kind: 'member-state',
  country: 'EE',
  sizeBand: null,
};
const sofia: MatchOrganisation = {
  id: 3,
  slug: 'sofia',
  name: 'Sofia',
  kind: 'city',
  country: 'BG',
  sizeBand: 'large',
};
const brno: MatchOrganisation = { id: 4, slug: 'brno', name: 'Brno', kind: 'city', country: 'CZ', sizeBand: 'small' };

const anyone = { kinds: [], countries: [], sizes: [] };
const item = (id: number, over: Partial<MatchItem>): MatchItem => ({
  id,
  title: `Item ${id}`,
  lang: 'en',
  kind: 'call',
  programme: null,
  status: 'open',
  opensAt: null,
  deadline: day(30),
  tags: ['e-government'],
  eligibility: anyone,
  ...over,
});
const action = (over: Partial<MatchAction>): MatchAction => ({
  id: 40,
  partnershipId: 1,
  number: 4,
  title: 'Citizen-centric e-government',
  lang: 'en',
  membersOnly: false,
  status: 'in_progress',
  endsOn: null,
  tags: ['e-government'],
  leads: [oulu, estonia],
  contributors: [],
  ...over,
});

test('eligibility: every restricted dimension must hold; an unknown country or size meets no restriction', () => {
  const e = { kinds: ['city'], countries: ['CZ', 'SK'], sizes: ['small'] };
  assert.deepEqual(eligibilityOf(e, brno), { eligible: true, aimed: ['kind', 'country', 'size'] });
  assert.equal(eligibilityOf(e, oulu).eligible, false);
  assert.equal(eligibilityOf({ ...anyone, sizes: ['small'] }, estonia).eligible, false);
  assert.deepEqual(eligibilityOf(anyone, estonia), { eligible: true, aimed: [] });
});

test('an action: more topics first, then what targets its leads, then closing soon, open, forthcoming', () => {
  const items = [
    item(1, { status: 'forthcoming', opensAt: day(20), deadline: day(80) }),
    item(2, { status: 'open', deadline: day(40) }),
    item(3, { status: 'closing_soon', deadline: day(9) }),
    item(4, { tags: ['e-government', 'Open data'], status: 'forthcoming', opensAt: day(5), deadline: day(90) }),
    item(5, { eligibility: { kinds: ['city'], countries: [], sizes: [] }, status: 'open', deadline: day(50) }),
  ].map((i) => (i.id === 4 ? { ...i, tags: ['e-government', 'open-data'] } : i));
  const a = action({ tags: ['e-government', 'open-data'] });
  const ranked = rankForAction(a, items, NOW, 10);
  // 4: two topics (20 + 1); 5: aimed at Oulu's kind (10 + 2 + 2);
  // 3: closing soon (13); 2: open (12); 1: forthcoming (11).
  assert.deepEqual(
    ranked.map((r) => [r.id, r.score]),
    [
      [4, 21],
      [5, 14],
      [3, 13],
      [2, 12],
      [1, 11],
    ],
  );
  const five = ranked.find((r) => r.id === 5)!;
  assert.deepEqual(five.reasons[1], { kind: 'eligible', organisations: ['oulu'], aimed: ['kind'] });
});

test('equal scores: the nearest deadline first, open-ended last, then the lower id', () => {
  const items = [item(7, { deadline: null }), item(6, { deadline: day(40) }), item(5, { deadline: day(20) })];
  assert.deepEqual(
    rankForAction(action({}), items, NOW, 10).map((r) => r.id),
    [5, 6, 7],
  );
  assert.deepEqual(
    rankForAction(action({}), [item(9, {}), item(8, {})], NOW, 10).map((r) => r.id),
    [8, 9],
  );
});

test('never matched: closed, no shared topic, no lead may apply, opening after the planned end, finished', () => {
  const a = action({ leads: [sofia] });
  const memberStatesOnly = { kinds: ['member-state'], countries: [], sizes: [] };
  assert.deepEqual(matchAction(a, item(1, { status: 'closed' }), NOW), { fits: false, miss: 'closed' });
  assert.deepEqual(matchAction(a, item(2, { tags: ['5g'] }), NOW), { fits: false, miss: 'noTopic' });
  assert.deepEqual(matchAction(a, item(3, { eligibility: memberStatesOnly }), NOW), {
    fits: false,
    miss: 'ineligible',
  });
  // A member state leading the same action may apply.
  assert.equal(
    matchAction(action({ leads: [sofia, estonia] }), item(3, { eligibility: memberStatesOnly }), NOW).fits,
    true,
  );
  // Contributors do not apply while the action has leads; they do when it has none.
  const contributing = action({ leads: [sofia], contributors: [estonia] });
  assert.equal(matchAction(contributing, item(3, { eligibility: memberStatesOnly }), NOW).fits, false);
  assert.equal(matchAction({ ...contributing, leads: [] }, item(3, { eligibility: memberStatesOnly }), NOW).fits, true);
  const ending = action({ endsOn: '2027-01-31' });
  assert.deepEqual(matchAction(ending, item(4, { status: 'forthcoming', opensAt: day(70), deadline: day(120) }), NOW), {
    fits: false,
    miss: 'tooLate',
  });
  assert.deepEqual(matchAction(action({ status: 'completed' }), item(5, {}), NOW), { fits: false, miss: 'finished' });
  assert.deepEqual(
    rankForAction(a, [item(1, { status: 'closed' }), item(3, { eligibility: memberStatesOnly })], NOW, 10),
    [],
  );
});

test('timing: a deadline before the planned end counts, after it does not; a past end asks nothing', () => {
  const ending = action({ endsOn: '2027-01-31' });
  const before = item(1, { deadline: day(30) });
  const after = item(2, { deadline: day(80) });
  assert.deepEqual(
    rankForAction(ending, [after, before], NOW, 10).map((r) => [r.id, r.score]),
    [
      [1, 14],
      [2, 12],
    ],
  );
  const late = rankForAction(ending, [after], NOW, 10)[0]!;
  assert.deepEqual(late.reasons[2], {
    kind: 'timing',
    status: 'open',
    deadline: day(80),
    opensAt: null,
    beforeEnd: false,
    endsOn: '2027-01-31',
  });
  // The demo's plan ended in 2019 and is still under way: its end asks nothing of the items.
  const overran = action({ endsOn: '2019-12-31' });
  assert.deepEqual(
    rankForAction(overran, [after, before], NOW, 10).map((r) => [r.id, r.score]),
    [
      [1, 12],
      [2, 12],
    ],
  );
});

test('an organisation: its topics and who may apply; a small Czech city gets what is meant for it first', () => {
  const profile = { ...brno, tags: ['e-government', 'digital-transition'] };
  const items = [
    item(1, { tags: ['e-government'] }),
    item(2, { tags: ['e-government'], eligibility: { kinds: ['city'], countries: ['CZ'], sizes: ['small'] } }),
    item(3, { tags: ['e-government'], eligibility: { kinds: ['city'], countries: ['FI'], sizes: [] } }),
    item(4, { tags: ['5g'] }),
  ];
  assert.deepEqual(
    rankForOrganisation(profile, items, 10).map((r) => [r.id, r.score]),
    [
      [2, 18],
      [1, 12],
    ],
  );
});

test('a partnership: the best fit among its actions, plus 5 for each further action it fits', () => {
  const four = action({});
  const fourteen = action({ id: 140, number: 14, tags: ['5g', 'e-government'], leads: [sofia] });
  const items = [item(1, { tags: ['5g', 'e-government'] }), item(2, { tags: ['e-government'], deadline: day(10) })];
  const ranked = rankForPartnership([four, fourteen], items, NOW, 10);
  // 1: fits 14 with two topics (22) and 4 with one (+5); 2: fits both with one topic (12 + 5).
  assert.deepEqual(
    ranked.map((r) => [r.id, r.score]),
    [
      [1, 27],
      [2, 17],
    ],
  );
  assert.deepEqual(ranked[0]!.reasons.at(-1), { kind: 'actions', numbers: [4, 14] });
  assert.deepEqual(ranked[0]!.reasons[0], { kind: 'topics', tags: ['5g', 'e-government'] });
});

test('an item: the actions and organisations it fits are those whose pages it appears on', () => {
  const target = item(1, { tags: ['e-government'], eligibility: { kinds: ['city'], countries: [], sizes: [] } });
  const four = action({});
  const fifteen = action({ id: 150, number: 15, leads: [estonia] });
  const fits = fitsOfItem(
    target,
    [fifteen, four],
    [
      { ...oulu, tags: ['e-government'] },
      { ...estonia, tags: ['e-government'] },
    ],
    NOW,
    10,
  );
  assert.deepEqual(
    fits.actions.map((a) => a.number),
    [4],
  );
  assert.deepEqual(
    fits.organisations.map((o) => o.slug),
    ['oulu'],
  );
  for (const a of [four, fifteen])
    assert.equal(
      rankForAction(a, [target], NOW, 10).length === 1,
      fits.actions.some((f) => f.id === a.id),
    );
});

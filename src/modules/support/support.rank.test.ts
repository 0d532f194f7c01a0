import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerEvidence } from '../../core/module.js';
import { rankPeers, type PeerProfile } from './support.rank.js';

// The ranking rule alone, with cases where the order must come out a given way (README, "How peers are ranked").

const profile = (id: number, name: string, country: string | null, sizeBand: string | null): PeerProfile => ({
  id,
  name,
  country,
  sizeBand,
});
const PROFILES = new Map<number, PeerProfile>(
  [
    profile(1, 'Asker', 'CZ', 'small'),
    profile(2, 'Brno', 'CZ', 'large'),
    profile(3, 'Cesis', 'LV', 'small'),
    profile(4, 'Delft', 'NL', 'medium'),
    profile(5, 'Eger', 'HU', 'small'),
  ].map((p) => [p.id, p]),
);
const REQUESTER = { id: 1, country: 'CZ', sizeBand: 'small' };
const evidence = (organisationId: number, kind: string, count: number, weight: number, tagIds: number[] = []) =>
  ({ organisationId, kind, count, weight, tagIds }) satisfies PeerEvidence;
const order = (items: PeerEvidence[]) => rankPeers(REQUESTER, items, PROFILES).map((s) => s.organisationId);

test('an offer on the topic outweighs two actions led off it; each point has its reason', () => {
  const ranked = rankPeers(
    REQUESTER,
    [evidence(2, 'support.evidence.actions', 2, 1), evidence(4, 'support.evidence.offers', 1, 4, [7])],
    PROFILES,
  );
  assert.deepEqual(
    ranked.map((s) => s.organisationId),
    [4, 2],
  );
  // Delft: the offer (4) and one tag in common (2); Brno: two actions (2) and the same country (1).
  assert.deepEqual(
    ranked.map((s) => s.score),
    [6, 3],
  );
  assert.deepEqual(
    ranked[0]!.reasons.map((r) => [r.kind, r.points]),
    [
      ['support.evidence.offers', 4],
      ['support.reason.tags', 2],
    ],
  );
  assert.deepEqual(
    ranked[1]!.reasons.map((r) => [r.kind, r.points]),
    [
      ['support.evidence.actions', 2],
      ['support.reason.country', 1],
    ],
  );
});

test('the same size band breaks what evidence alone leaves equal, and the country after it', () => {
  // Each leads one action off the topic: Cesis is small like the asker, Brno in its country, Delft neither.
  assert.deepEqual(
    order([
      evidence(4, 'support.evidence.actions', 1, 1),
      evidence(2, 'support.evidence.actions', 1, 1),
      evidence(3, 'support.evidence.actions', 1, 1),
    ]),
    [3, 2, 4],
  );
});

test('equal scores go to more evidence first, then by name; size and country alone suggest no one', () => {
  // Eger: 1 action (1) + small (2) = 3; Delft: 3 actions (3) = 3, more evidence: first. Brno has none.
  assert.deepEqual(
    order([evidence(5, 'support.evidence.actions', 1, 1), evidence(4, 'support.evidence.actions', 3, 1)]),
    [4, 5],
  );
  assert.deepEqual(
    order([evidence(4, 'support.evidence.actions', 1, 1), evidence(2, 'support.evidence.actions', 0, 1)]),
    [4],
  );
});

test('the asker is never its own peer; tags are counted once however many kinds carry them', () => {
  const ranked = rankPeers(
    REQUESTER,
    [
      evidence(1, 'support.evidence.offers', 5, 4, [7]),
      evidence(3, 'support.evidence.actionsOnTopic', 1, 3, [7, 8]),
      evidence(3, 'support.evidence.offers', 1, 4, [7]),
    ],
    PROFILES,
  );
  assert.deepEqual(
    ranked.map((s) => s.organisationId),
    [3],
  );
  // 3 + 4 for the evidence, 2 × 2 for tags 7 and 8, 2 for the size band.
  assert.equal(ranked[0]!.score, 13);
});

test('evidence from another module (lessons, say) joins the score by its own weight', () => {
  assert.deepEqual(
    order([evidence(2, 'support.evidence.actions', 3, 1), evidence(4, 'lessons.evidence.written', 1, 5)]),
    [4, 2],
  );
});

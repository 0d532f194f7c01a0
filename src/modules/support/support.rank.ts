import type { ModuleContext, PeerEvidence, PeerSubject } from '../../core/module.js';

/** Points per tag of the request that a peer's evidence carries. */
export const TAG_POINTS = 2;
/** Points for a peer of the requester's size band. */
export const SIZE_POINTS = 2;
/** Points for a peer in the requester's country. */
export const COUNTRY_POINTS = 1;
/** The most peers suggested for a request. */
export const SUGGESTIONS_MAX = 10;

/** What the ranking needs to know of an organisation. */
export interface PeerProfile {
  id: number;
  name: string;
  country: string | null;
  sizeBand: string | null;
}

/** One reason of a suggestion: a message key with its values, and the points it brings. */
export interface Reason {
  kind: string;
  values: Record<string, number | string>;
  points: number;
}

export interface Suggestion {
  organisationId: number;
  score: number;
  reasons: Reason[];
}

/**
 * The ranking rule, in one place (README, "How peers are ranked"): a peer's score is the sum of
 * its evidence (each item's count times its weight), plus `TAG_POINTS` for each of the request's
 * tags its evidence carries, `SIZE_POINTS` for the requester's size band and `COUNTRY_POINTS` for
 * its country. Only organisations with evidence are suggested (size and country alone say nothing
 * of experience), never the requester's; highest score first, then more evidence points, then by
 * name and id, so that the order is the same every time.
 */
export function rankPeers(
  requester: Pick<PeerProfile, 'id' | 'country' | 'sizeBand'>,
  evidence: readonly PeerEvidence[],
  profiles: ReadonlyMap<number, PeerProfile>,
  limit = SUGGESTIONS_MAX,
): Suggestion[] {
  const byPeer = new Map<number, PeerEvidence[]>();
  for (const e of evidence) {
    if (e.organisationId === requester.id || e.count <= 0 || !profiles.has(e.organisationId)) continue;
    byPeer.set(e.organisationId, [...(byPeer.get(e.organisationId) ?? []), e]);
  }
  const ranked = [...byPeer].map(([organisationId, items]) => {
    const peer = profiles.get(organisationId)!;
    const reasons: Reason[] = items
      .map((e) => ({ kind: e.kind, values: { count: e.count }, points: e.count * e.weight }))
      .sort((a, b) => b.points - a.points || a.kind.localeCompare(b.kind));
    const earned = reasons.reduce((sum, r) => sum + r.points, 0);
    const tags = new Set(items.flatMap((e) => e.tagIds));
    if (tags.size > 0)
      reasons.push({ kind: 'support.reason.tags', values: { count: tags.size }, points: tags.size * TAG_POINTS });
    if (peer.sizeBand !== null && peer.sizeBand === requester.sizeBand)
      reasons.push({ kind: 'support.reason.sizeBand', values: { band: peer.sizeBand }, points: SIZE_POINTS });
    if (peer.country !== null && peer.country === requester.country)
      reasons.push({ kind: 'support.reason.country', values: { country: peer.country }, points: COUNTRY_POINTS });
    const score = reasons.reduce((sum, r) => sum + r.points, 0);
    return { organisationId, score, earned, name: peer.name, reasons };
  });
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.earned - a.earned ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      a.organisationId - b.organisationId,
  );
  return ranked.slice(0, limit).map(({ organisationId, score, reasons }) => ({ organisationId, score, reasons }));
}

/** Every module's evidence for a subject (matchmaking's own included), asked at once. */
export async function gatherEvidence(ctx: ModuleContext, subject: PeerSubject): Promise<PeerEvidence[]> {
  const sources = ctx.modules.flatMap((m) => (m.peerEvidence ? [m.peerEvidence.bind(m)] : []));
  return (await Promise.all(sources.map((source) => source(ctx, subject)))).flat();
}

/** The profiles of these organisations (approved ones only), for the ranking. */
export async function profilesOf(ctx: ModuleContext, ids: readonly number[]): Promise<Map<number, PeerProfile>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'name', 'country', 'size_band as sizeBand'])
    .where('id', 'in', [...new Set(ids)])
    .where('status', '=', 'approved')
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The peers suggested for a request of `organisationId` with these tags, ranked with their reasons. */
export async function suggestPeers(
  ctx: ModuleContext,
  organisationId: number,
  tagIds: readonly number[],
): Promise<Suggestion[]> {
  const evidence = await gatherEvidence(ctx, { tagIds, organisationIds: [organisationId] });
  const profiles = await profilesOf(ctx, [organisationId, ...evidence.map((e) => e.organisationId)]);
  const requester = profiles.get(organisationId) ?? { id: organisationId, country: null, sizeBand: null };
  return rankPeers(requester, evidence, profiles);
}

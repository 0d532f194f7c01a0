import { VISITORS, type ModuleContext, type PeerEvidence, type PeerSubject } from '../../core/module.js';
import { visibleActionIds } from '../actions/index.js';

/** Points per action an organisation leads that shares a tag with the request. */
export const ACTION_ON_TOPIC_POINTS = 3;
/** Points per other action it leads. */
export const ACTION_POINTS = 1;
/** Points per offer of its own that shares a tag with the request. */
export const OFFER_POINTS = 4;

/**
 * Matchmaking's own evidence, through the same contract as any module's (`peerEvidence`): the
 * public actions an organisation leads (those sharing a tag with the request worth more), and the
 * offers it made that share a tag with it. Merged actions live on in the one they joined.
 */
export async function supportEvidence(ctx: ModuleContext, subject: PeerSubject): Promise<PeerEvidence[]> {
  const { db } = ctx;
  const excluded = [...subject.organisationIds];
  const tags = [...subject.tagIds];
  let led = db
    .selectFrom('action_organisations as ao')
    .innerJoin('actions as a', 'a.id', 'ao.action_id')
    .select(['ao.organisation_id as organisationId', 'a.id as actionId'])
    .where('ao.role', '=', 'lead')
    .where('a.status', '!=', 'merged')
    .where('a.id', 'in', visibleActionIds(db, VISITORS));
  if (excluded.length > 0) led = led.where('ao.organisation_id', 'not in', excluded);
  const [actions, actionTags, offerTags] = await Promise.all([
    led.execute(),
    tags.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('taggings')
          .select(['subject_id as id', 'tag_id as tagId'])
          .where('subject_type', '=', 'action')
          .where('tag_id', 'in', tags)
          .execute(),
    tags.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('taggings')
          .innerJoin('support_offers as o', 'o.id', 'taggings.subject_id')
          .select(['o.id', 'o.organisation_id as organisationId', 'taggings.tag_id as tagId'])
          .where('taggings.subject_type', '=', 'support-offer')
          .where('taggings.tag_id', 'in', tags)
          .where('o.organisation_id', 'is not', null)
          .execute(),
  ]);
  const tagsOfAction = new Map<number, Set<number>>();
  for (const t of actionTags) tagsOfAction.set(t.id, (tagsOfAction.get(t.id) ?? new Set()).add(t.tagId));

  const found: PeerEvidence[] = [];
  const byOrganisation = new Map<number, { onTopic: number; other: number; tags: Set<number> }>();
  for (const { organisationId, actionId } of actions) {
    const entry = byOrganisation.get(organisationId) ?? { onTopic: 0, other: 0, tags: new Set<number>() };
    const shared = tagsOfAction.get(actionId);
    if (shared) {
      entry.onTopic += 1;
      for (const tag of shared) entry.tags.add(tag);
    } else entry.other += 1;
    byOrganisation.set(organisationId, entry);
  }
  for (const [organisationId, e] of byOrganisation) {
    if (e.onTopic > 0)
      found.push({
        organisationId,
        kind: 'support.evidence.actionsOnTopic',
        count: e.onTopic,
        weight: ACTION_ON_TOPIC_POINTS,
        tagIds: [...e.tags],
      });
    if (e.other > 0)
      found.push({
        organisationId,
        kind: 'support.evidence.actions',
        count: e.other,
        weight: ACTION_POINTS,
        tagIds: [],
      });
  }

  const offers = new Map<number, { ids: Set<number>; tags: Set<number> }>();
  for (const o of offerTags) {
    if (o.organisationId === null || excluded.includes(o.organisationId)) continue;
    const entry = offers.get(o.organisationId) ?? { ids: new Set<number>(), tags: new Set<number>() };
    entry.ids.add(o.id);
    entry.tags.add(o.tagId);
    offers.set(o.organisationId, entry);
  }
  for (const [organisationId, e] of offers)
    found.push({
      organisationId,
      kind: 'support.evidence.offers',
      count: e.ids.size,
      weight: OFFER_POINTS,
      tagIds: [...e.tags],
    });
  return found;
}

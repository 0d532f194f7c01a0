import { VISITORS, type ModuleContext, type PeerEvidence, type PeerSubject } from '../../core/module.js';
import { visibleLessons } from './lessons.visibility.js';

/** Points per published lesson of an organisation that shares a tag with the subject. */
export const LESSON_ON_TOPIC_POINTS = 3;
/** Points per other published lesson of it. */
export const LESSON_POINTS = 1;

/**
 * Lessons as evidence for matchmaking (`peerEvidence`): the published lessons an organisation's
 * people wrote about what it did — those sharing a tag with the subject worth more. Only what every
 * reader may see counts (the one rule, for visitors), as a suggestion names its reasons to whoever asks.
 */
export async function lessonsEvidence(ctx: ModuleContext, subject: PeerSubject): Promise<PeerEvidence[]> {
  const { db } = ctx;
  const excluded = [...subject.organisationIds];
  const tags = [...subject.tagIds];
  let query = db
    .selectFrom('lessons')
    .select(['lessons.id', 'lessons.organisation_id as organisationId'])
    .where(visibleLessons(VISITORS));
  if (excluded.length > 0) query = query.where('lessons.organisation_id', 'not in', excluded);
  const [lessons, tagged] = await Promise.all([
    query.execute(),
    tags.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('taggings')
          .select(['subject_id as id', 'tag_id as tagId'])
          .where('subject_type', '=', 'lesson')
          .where('tag_id', 'in', tags)
          .execute(),
  ]);
  const tagsOf = new Map<number, Set<number>>();
  for (const t of tagged) tagsOf.set(t.id, (tagsOf.get(t.id) ?? new Set()).add(t.tagId));
  const byOrganisation = new Map<number, { onTopic: number; other: number; tags: Set<number> }>();
  for (const { id, organisationId } of lessons) {
    const entry = byOrganisation.get(organisationId) ?? { onTopic: 0, other: 0, tags: new Set<number>() };
    const shared = tagsOf.get(id);
    if (shared) {
      entry.onTopic += 1;
      for (const tag of shared) entry.tags.add(tag);
    } else entry.other += 1;
    byOrganisation.set(organisationId, entry);
  }
  const found: PeerEvidence[] = [];
  for (const [organisationId, e] of byOrganisation) {
    if (e.onTopic > 0)
      found.push({
        organisationId,
        kind: 'lessons.evidence.onTopic',
        count: e.onTopic,
        weight: LESSON_ON_TOPIC_POINTS,
        tagIds: [...e.tags],
      });
    if (e.other > 0)
      found.push({ organisationId, kind: 'lessons.evidence.other', count: e.other, weight: LESSON_POINTS, tagIds: [] });
  }
  return found;
}

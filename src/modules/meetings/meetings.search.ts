import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { idBatches, markForIndex } from '../../core/search/search-index.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { plainText } from '../../core/search/text.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf, type TagView } from '../tags/index.js';
import { meetingPath } from './meetings.present.js';
import { findMeetingsByIds } from './meetings.queries.js';

/**
 * Meetings as the search index has them: one document per meeting, members-only ones too (who
 * finds them is the one rule's business, `contentTypes.meeting`): its description, place, agenda,
 * minutes and outcomes, its tags (and their labels), and when it begins.
 */
export const meetingSearchSource: SearchSource = {
  type: 'meeting',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const meetings = await findMeetingsByIds(ctx.db, [...new Set(ids)]);
    if (meetings.length === 0) return [];
    const found = meetings.map((m) => m.id);
    const slugs = await partnershipSlugsByIds(
      ctx.db,
      meetings.map((m) => m.partnershipId),
    );
    const agenda = await ctx.db
      .selectFrom('meeting_agenda_items')
      .select(['meeting_id', 'title', 'description'])
      .where('meeting_id', 'in', found)
      .orderBy('meeting_id')
      .orderBy('position')
      .execute();
    const labelled: Map<number, TagView[]>[] = [];
    for (const lang of ctx.languages) labelled.push(await tagsOf(ctx.db, 'meeting', found, lang));
    return meetings.flatMap((meeting) => {
      const partnership = slugs.get(meeting.partnershipId);
      if (!partnership) return [];
      const labels = new Set(labelled.flatMap((byMeeting) => (byMeeting.get(meeting.id) ?? []).map((t) => t.label)));
      const items = agenda.filter((a) => a.meeting_id === meeting.id).flatMap((a) => [a.title, a.description]);
      return [
        {
          type: 'meeting',
          id: meeting.id,
          lang: meeting.originalLang,
          title: meeting.title,
          body: plainText(
            [
              meeting.description,
              meeting.venue,
              meeting.city,
              ...items,
              meeting.minutes,
              meeting.outcomes,
              ...labels,
            ].join('\n'),
          ),
          path: meetingPath(partnership, meeting.number),
          tags: (labelled[0]?.get(meeting.id) ?? []).map((t) => t.slug),
          partnershipId: meeting.partnershipId,
          date: meeting.startsAt,
        },
      ];
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'meetings'),
};

/** Marks the meeting an agenda item belongs to for the index (its agenda is part of its document). */
export async function markMeetingOfItem(db: Kysely<Database>, itemId: number): Promise<void> {
  const row = await db
    .selectFrom('meeting_agenda_items')
    .select('meeting_id')
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (row) await markForIndex(db, 'meeting', [row.meeting_id]);
}

import type { ContentType } from '../../core/module.js';
import { plainText } from '../news/index.js';
import { maySee } from './meetings.policy.js';
import { meetingPath, presentMeetings } from './meetings.present.js';
import * as q from './meetings.queries.js';

/**
 * Meetings as other modules see them (`contentTypes.meeting`): the activity stream, tag pages,
 * notifications and search name a meeting only where `maySee` lets the reader see it, and list
 * only what `visibleMeetings` selects.
 */
export const meetingContentType: ContentType = {
  async describe(ctx, ids, audience, locale) {
    if (ids.length === 0) return new Map();
    const meetings = (await q.findMeetingsByIds(ctx.db, [...new Set(ids)])).filter((m) => maySee(audience, m));
    const shown = await presentMeetings(ctx, meetings, locale);
    const byId = new Map(meetings.map((m) => [m.id, m]));
    return new Map(
      shown.map((m) => [
        m.id,
        {
          title: m.title,
          path: meetingPath(m.partnership, m.number),
          lang: m.lang,
          summary: plainText(byId.get(m.id)?.description ?? '', 200),
        },
      ]),
    );
  },
  visibleIds: (db, audience) => q.visibleMeetingIds(db, audience),
};

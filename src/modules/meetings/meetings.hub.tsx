import type { PartnershipSection } from '../../core/module.js';
import { meetingPath } from './meetings.present.js';
import { meetingReads } from './meetings.reads.js';
import { daysOf, ordinal, placeLine } from './views/parts.js';

/**
 * Meetings in every partnership's hub: the Meetings tab (the list) and, under "What is coming"
 * on the overview, the next meeting the reader may see (the one visibility rule, through the
 * shared read of the upcoming meetings: members-only ones for members).
 */
export const meetingsHubSection: PartnershipSection = {
  order: 20,
  label: 'meetings.hub.tab',
  path: '/meetings',
  block: {
    order: 10,
    place: 'coming',
    async render(page, ctx, partnership) {
      const key = { lang: page.locale, partnership: partnership.id, membersOnly: partnership.membersOnly };
      const next = (await meetingReads.upcoming.get(ctx, key)).find((m) => m.status === 'scheduled');
      if (!next) return null;
      const where = placeLine(page, next);
      const lang = next.lang !== page.locale ? next.lang : undefined;
      return (
        <section aria-labelledby="hub-meetings" class="hub-block">
          <h2 id="hub-meetings">{page.t('meetings.hub.next')}</h2>
          <p>
            <a href={page.href(meetingPath(partnership.slug, next.number))} lang={lang}>
              {next.title}
            </a>
          </p>
          <p class="meta">
            {ordinal(page, next.number)} · <time dateTime={next.startsAt}>{daysOf(page, next)}</time>
            {where ? ` · ${where}` : null}
          </p>
          <p>
            <a href={page.href(`/partnerships/${partnership.slug}/meetings`)}>{page.t('meetings.hub.all')}</a>
          </p>
        </section>
      );
    },
  },
};

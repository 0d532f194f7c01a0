import type { MeetingPagePart } from './meetings.page-parts.js';
import { AddToCalendar } from './views/CalendarPage.js';

/** "Add to calendar" on a meeting's page, after its details: the meeting as a one-event .ics file. */
export const calendarPart: MeetingPagePart = {
  order: 5,
  place: 'registration',
  render: (page, _ctx, view) => <AddToCalendar page={page} slug={view.partnership.slug} number={view.meeting.number} />,
};

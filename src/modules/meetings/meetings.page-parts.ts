import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { ModuleContext } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';
import type { Standing } from '../partnerships/index.js';
import type { Meeting } from './meetings.queries.js';
import { calendarPart } from './meetings.calendar-part.js';
import { afterMeetingPart, registrationPart } from './meetings.registration.page.js';

/** What a part of a meeting's page is given: the meeting as read fresh, and the reader's standing. */
export interface MeetingPageView {
  meeting: Meeting;
  partnership: { id: number; slug: string };
  /** The reader's standing in the meeting's partnership (read fresh for this request). */
  standing: Standing;
  /** The meeting's page, after `/{lang}`: `/partnerships/{slug}/meetings/{number}`. */
  path: string;
  request: FastifyRequest;
}

/**
 * A part of a meeting's page that another file of this module adds (registration, minutes and
 * decisions), rendered for each request after the shared body (it may hold forms: they carry the
 * reader's token). `place`: `registration` after the meeting's details, `after` after the agenda.
 * Returns null to show nothing.
 */
export interface MeetingPagePart {
  order: number;
  place: 'registration' | 'after';
  render(page: PageContext, ctx: ModuleContext, view: MeetingPageView): Promise<VNode | null> | VNode | null;
}

/**
 * The parts, in one list: a file that adds one imports it here (one line each). The meeting page
 * renders them in `order` within their place.
 */
export const meetingPageParts: readonly MeetingPagePart[] = [calendarPart, registrationPart, afterMeetingPart];

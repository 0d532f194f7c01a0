import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { isSignedIn } from '../../core/auth/actor.js';
import { describeContent, type ModuleContext } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';
import { renderMarkdown } from '../news/index.js';
import {
  audienceOf,
  partnershipReads,
  standingIn,
  type PartnershipDetail,
  type Standing,
} from '../partnerships/index.js';
import type { MeetingPagePart } from './meetings.page-parts.js';
import { mayRead } from './meetings.policy.js';
import { findMeetingByNumber, type Meeting } from './meetings.queries.js';
import {
  mayManageRegistrations,
  mayRecordMinutes,
  mayRegister,
  registrationClosed,
} from './meetings.registration.policy.js';
import * as q from './meetings.registration.queries.js';
import { registrationReads } from './meetings.registration.reads.js';
import { AfterMeeting, type AfterMeetingView } from './views/AfterMeeting.js';
import { RegistrationBlock } from './views/RegistrationBlock.js';

/** The content type an action plan module declares for its actions; a decision's `action_ref` is its id. */
export const ACTION_TYPE = 'action';

/** A meeting the reader may see, with its partnership and the reader's standing (all read fresh). */
export interface FoundMeeting {
  id: number;
  partnership: PartnershipDetail;
  standing: Standing;
  meeting: Meeting;
  /** The meeting's page after `/{lang}`. */
  base: string;
}

/**
 * The meeting at an address, if this reader may see it: a members-only meeting is, for anyone
 * but the partnership's members (and administrators), the same 404 as a missing one. Read fresh
 * on every request: whether it exists and who may see it is never taken from a cache.
 */
export async function meetingFor(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  number: number,
): Promise<FoundMeeting | null> {
  const found = await partnershipReads.bySlug.get(ctx, { lang: request.locale, slug });
  if (!found) return null;
  const [standing, meeting] = await Promise.all([
    standingIn(ctx, found.id, request.actor),
    findMeetingByNumber(ctx.db, found.id, number),
  ]);
  if (!meeting || !mayRead(standing, meeting)) return null;
  return { ...found, standing, meeting, base: `/partnerships/${slug}/meetings/${meeting.number}` };
}

/**
 * The registration section of a meeting's page for this reader (their own registration, the
 * forms), read fresh: it is personal, so the page places it outside what readers share. `done`
 * is the page's `?done=` (what the last action did).
 */
export async function registrationSection(
  ctx: ModuleContext,
  page: PageContext,
  found: Pick<FoundMeeting, 'meeting' | 'standing' | 'base'>,
  done: string | null,
): Promise<VNode> {
  const { meeting, standing } = found;
  const actor = standing.actor;
  const [counts, mine] = await Promise.all([
    registrationReads.registrationCounts.get(ctx, { meeting: meeting.id }),
    isSignedIn(actor) ? q.findRegistration(ctx.db, meeting.id, actor.id) : Promise.resolve(null),
  ]);
  let own: { status: 'registered' | 'waiting'; position: number | null } | null = null;
  if (mine && mine.status !== 'cancelled') {
    const position =
      mine.status === 'waiting'
        ? (await q.firstWaiting(ctx.db, meeting.id, 100_000)).findIndex((r) => r.id === mine.id) + 1
        : null;
    own = { status: mine.status, position };
  }
  // The time the shared counts hold until: the page says "closed" no later than the deadline.
  const now = new Date(counts.until);
  return (
    <RegistrationBlock
      page={page}
      view={{
        base: found.base,
        closed: registrationClosed(meeting, now),
        capacity: meeting.capacity,
        registered: counts.registered,
        waiting: counts.waiting,
        deadline: meeting.registrationDeadline,
        mine: own,
        mayRegister: mayRegister(standing, meeting),
        signedIn: isSignedIn(actor),
        manages: mayManageRegistrations(standing),
        started: Date.parse(meeting.startsAt) <= now.getTime(),
        done,
      }}
    />
  );
}

/** The minutes, outcomes and decisions with their linked actions as this reader may see them. */
export async function afterMeetingData(
  ctx: ModuleContext,
  found: Pick<FoundMeeting, 'meeting' | 'standing'>,
  locale: string,
) {
  const { meeting } = found;
  const [decisions, counts] = await Promise.all([
    q.decisionsOf(ctx.db, meeting.id),
    q.countRegistrations(ctx.db, meeting.id),
  ]);
  // A decision's action is named only while the reader may see it (the action plan's own rule).
  const refs = decisions.flatMap((d) => {
    const id = d.actionRef === null ? NaN : Number(d.actionRef);
    return Number.isSafeInteger(id) && id > 0 ? [{ type: ACTION_TYPE, id }] : [];
  });
  const named =
    refs.length > 0
      ? await describeContent(ctx, refs, await audienceOf(ctx, found.standing.actor), locale, new Date())
      : () => undefined;
  return {
    decisions: decisions.map((d) => {
      const ref = d.actionRef === null ? undefined : named(ACTION_TYPE, Number(d.actionRef));
      return {
        position: d.position,
        text: d.text,
        actionRef: d.actionRef,
        action: ref ? { title: ref.title, path: ref.path } : null,
      };
    }),
    attendance: { registered: counts.registered, attended: counts.attended, reported: meeting.attendanceReported },
  };
}

/** What came of the meeting, for its page: nothing when nothing was written and the reader cannot write it. */
export async function afterMeetingSection(
  ctx: ModuleContext,
  page: PageContext,
  found: Pick<FoundMeeting, 'meeting' | 'standing' | 'base'>,
  done: string | null,
  now = new Date(),
): Promise<VNode | null> {
  const { meeting } = found;
  const data = await afterMeetingData(ctx, found, page.locale);
  const view: AfterMeetingView = {
    base: found.base,
    minutesHtml: meeting.minutes.trim() ? renderMarkdown(meeting.minutes) : '',
    outcomesHtml: meeting.outcomes.trim() ? renderMarkdown(meeting.outcomes) : '',
    decisions: data.decisions,
    attendance: data.attendance,
    started: Date.parse(meeting.startsAt) <= now.getTime(),
    records: mayRecordMinutes(found.standing),
    lang: meeting.originalLang,
    done,
  };
  return AfterMeeting({ page, view });
}

/** `?done=` of the meeting page, when it is a short word (what the last action did). */
const doneOf = (request: FastifyRequest): string | null => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' && /^[a-z-]{1,40}$/.test(done) ? done : null;
};

/** Registration on the meeting page, right after its details. */
export const registrationPart: MeetingPagePart = {
  order: 10,
  place: 'registration',
  render: (page, ctx, view) => registrationSection(ctx, page, { ...view, base: view.path }, doneOf(view.request)),
};

/** Minutes, outcomes, decisions and attendance on the meeting page, after the agenda. */
export const afterMeetingPart: MeetingPagePart = {
  order: 10,
  place: 'after',
  render: (page, ctx, view) => afterMeetingSection(ctx, page, { ...view, base: view.path }, doneOf(view.request)),
};

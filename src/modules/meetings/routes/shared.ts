import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { recordAudit } from '../../../core/audit/audit.js';
import { signedIn } from '../../../core/auth/policy.js';
import { problemResponses, type ProblemStatus } from '../../../core/http/problem.js';
import { NoBody } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { plannableMeeting } from '../meetings.lookup.js';
import { meetingPath } from '../meetings.present.js';

// What the coordinators' routes of meetings (planning, the agenda) share: their addresses'
// parameters, their options, the meeting their address names and the audit entry of a change.

export type PartnershipRoute = { Params: { lang: string; slug: string } };
export type MeetingRoute = { Params: { lang: string; slug: string; number: number } };

/** The options of a coordinator's HTML route: signed in (the handler asks for more), not in the API's document. */
export const pageRouteOptions = (params: TSchema) => ({ config: { policy: signedIn }, schema: { hide: true, params } });

/** What a change through the API may answer besides its success (and a 409 where it can conflict). */
const CHANGE_PROBLEMS: ProblemStatus[] = [400, 401, 403, 404, 413, 415, 429];

/**
 * The options of a coordinator's change through the API (with a token): documented under
 * "meetings" with its success (`ok`, by status) and its problems. A route with a body checks it
 * itself, after the policy (and the CSRF check): the schema only documents it.
 */
export function changeRouteOptions({
  summary,
  params,
  body,
  ok,
  conflict = false,
}: {
  summary: string;
  params: TSchema;
  body: TSchema;
  ok: Record<number, TSchema>;
  /** It may answer 409: the meeting changed meanwhile. */
  conflict?: boolean;
}) {
  return {
    config: { policy: signedIn },
    ...(body === NoBody ? {} : { attachValidation: true }),
    schema: {
      summary,
      tags: ['meetings'],
      security: [{ bearerAuth: [] }],
      params,
      body,
      response: { ...ok, ...problemResponses(...CHANGE_PROBLEMS, ...(conflict ? [409 as const] : [])) },
    },
  };
}

/** The meeting the address names, if the request's actor may plan it (coordinators); else a 404. */
export const plannableOf = (ctx: ModuleContext, request: FastifyRequest<MeetingRoute>) =>
  plannableMeeting(ctx, request, request.params.slug, request.params.number);

/** A meeting's page, or one below it (`/agenda`), in the request's language; `done` says what was done. */
export const meetingAddress = (request: FastifyRequest, slug: string, number: number, below = '', done?: string) =>
  `/${request.locale}${meetingPath(slug, number)}${below}${done ? `?done=${done}` : ''}`;

/** The audit entry of a change to a meeting (its number first in the details), in the change's transaction. */
export const auditMeeting = (
  db: ModuleContext['db'],
  meeting: { id: number; number: number; partnershipId: number },
  actorId: number,
  action: string,
  details: Record<string, unknown>,
) =>
  recordAudit(db, {
    actorId,
    action,
    partnershipId: meeting.partnershipId,
    subjectType: 'meeting',
    subjectId: String(meeting.id),
    details: { number: meeting.number, ...details },
  });

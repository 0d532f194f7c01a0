import type { TSchema } from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { problemResponses, type ProblemStatus } from '../../../core/http/problem.js';
import { ActionDetail } from '../actions.schema.js';

// What the routes that write a whole action (adding, editing, merging) share: their options.

/** An HTML form's route: signed in (the handler asks for more, else a 404), not in the API's document. */
export const formRouteOptions = (params: TSchema) => ({ config: { policy: signedIn }, schema: { hide: true, params } });

/**
 * An API write with a token, answering the action (`ok`: its status) or a problem. The handler checks
 * the body itself, after the policy, so that every problem is named at its pointer: the schema documents it.
 */
export const apiWriteOptions = (
  summary: string,
  params: TSchema,
  body: TSchema,
  ok: 200 | 201 = 200,
  /** Problems the route may answer beside the usual (409: changed meanwhile). */
  more: readonly ProblemStatus[] = [],
) => ({
  config: { policy: signedIn },
  attachValidation: true,
  schema: {
    summary,
    tags: ['actions'],
    security: [{ bearerAuth: [] }],
    params,
    body,
    response: { [ok]: ActionDetail, ...problemResponses(400, 401, 403, 404, ...more, 413, 415, 429) },
  },
});

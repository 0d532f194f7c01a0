import Type from 'typebox';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field problems: a JSON pointer into the request and a message. */
  errors?: { pointer: string; detail: string }[];
}

/** The problem types Urbis uses, as relative URIs that the API page documents. */
export const PROBLEM_TYPES: Record<number, string> = {
  400: '/api/problems/invalid-request',
  401: '/api/problems/unauthenticated',
  403: '/api/problems/forbidden',
  404: '/api/problems/not-found',
  405: '/api/problems/method-not-allowed',
  406: '/api/problems/not-acceptable',
  409: '/api/problems/conflict',
  413: '/api/problems/too-large',
  415: '/api/problems/unsupported-media-type',
  422: '/api/problems/invalid-request',
  429: '/api/problems/too-many-requests',
  500: '/api/problems/internal-error',
  503: '/api/problems/unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A 400 problem for a request whose fields are wrong: one entry per field, in the reader's language. */
export function invalidFieldsProblem(
  instance: string,
  title: string,
  detail: string,
  errors: Record<string, string>,
  where = 'body',
): Problem {
  return {
    type: PROBLEM_TYPES[400] ?? 'about:blank',
    title,
    status: 400,
    detail,
    instance,
    errors: Object.entries(errors).map(([field, message]) => ({ pointer: `/${where}/${field}`, detail: message })),
  };
}

/**
 * The problem document as a schema: the one `Problem` component of `/api/openapi.json` (shared
 * with `app.addSchema`, referenced by every error response through `problemResponses`).
 */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'What kind of problem: a relative URI under /api/problems/.' }),
    title: Type.String({ description: 'A short summary of the kind of problem, in the reader’s language.' }),
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status code.' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong with this request, in the reader’s language.' })),
    instance: Type.Optional(Type.String({ description: 'The path of the request (without its query).' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({
            description: 'A JSON pointer to the field: /body/<field>, /query/<parameter> or /params/<parameter>.',
          }),
          detail: Type.String({ description: 'What is wrong with it, in the reader’s language.' }),
        }),
        { description: 'Invalid fields (400): one entry per field.' },
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem', description: 'An RFC 9457 problem document (application/problem+json).' },
);

/** The error statuses an API operation can declare, and what each means there. */
const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid request: a parameter or a field is wrong (`errors` names each), or the body is not valid JSON.',
  401: 'Not signed in where this needs a session or a personal access token, or the token is not valid.',
  403: 'A session without its CSRF token (`X-CSRF-Token`) on a call that changes something.',
  404: 'Nothing there, or nothing this caller may see or do.',
  409: 'In conflict with what is stored.',
  413: 'The body, or a file in it, is too large.',
  415: 'A body of a media type this operation does not read.',
  429: 'Too many requests from this address: wait and try again.',
  503: 'Not available now: try again later.',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/**
 * The error responses of an API route's schema, each an `application/problem+json` body of the
 * shared `Problem`: `response: { 200: Thing, ...problemResponses(400, 401, 404, 429) }`.
 * Declare each status the route can answer (the contract test calls every operation and fails on
 * an error status the document does not name).
 */
export function problemResponses(...statuses: ProblemStatus[]): Record<ProblemStatus, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
      },
    ]),
  ) as Record<ProblemStatus, unknown>;
}

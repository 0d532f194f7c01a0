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

/** The problem document as a schema, for the OpenAPI description of error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
  },
  { description: 'RFC 9457 problem details' },
);

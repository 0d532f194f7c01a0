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

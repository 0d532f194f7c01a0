import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { RoutePolicy } from '../auth/policy.js';
import type { FieldErrors } from './forms.js';
import { HttpError } from './http-error.js';
import { invalidFieldsProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

/**
 * The request's actor, typed by the route's policy: `actorOf(request, signedIn)` is a signed-in
 * person. The core checked the policy before the handler ran; asking for more than the route's
 * policy lets in is refused like anything that does not exist (404).
 */
export function actorOf<A extends Actor>(request: FastifyRequest, policy: RoutePolicy<A>): A {
  if (!policy(request.actor)) throw new HttpError(404);
  // A policy that is a type guard says what it let in; one that only answers yes or no, an Actor.
  return request.actor as A;
}

/**
 * Answers an API request whose fields are wrong with a 400 problem document (RFC 9457): one
 * entry per field, a JSON pointer and a message in the reader's language. The HTML twin of a
 * form shows the same messages at its fields.
 */
export function sendInvalidFields(
  request: FastifyRequest,
  reply: FastifyReply,
  errors: FieldErrors,
  where: 'body' | 'query' = 'body',
): FastifyReply {
  const { t } = request.i18n;
  const instance = request.url.split('?')[0] ?? request.url;
  const problem = invalidFieldsProblem(
    instance,
    t('core.error.title', { status: '400' }),
    t('core.error.invalidFields'),
    errors,
    where,
  );
  return reply.code(400).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

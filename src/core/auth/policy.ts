import type { Actor, SignedIn, Visitor } from './actor.js';

/**
 * A rule saying whether an actor may use a route. Every route declares one; a route without
 * a policy refuses everyone (see `denyUndeclaredRoutes`). Record-level rules (may this actor
 * see this post?) live in each module's `<name>.policy.ts` as pure functions.
 *
 * A policy also says what the actors it lets in are (`A`): a handler gets its actor typed by
 * it with `actorOf(request, policy)` (`core/http/handlers.ts`), or as `actor` in `pageRoute`.
 */
export type RoutePolicy<A extends Actor = Actor> = ((actor: Actor) => actor is A) | ((actor: Actor) => boolean);

/** Anyone, signed in or not. */
export const anyone = (_actor: Actor): _actor is Actor => true;
/** Only a signed-in user. */
export const signedIn = (actor: Actor): actor is SignedIn => actor.kind === 'user';
/** Only a visitor who is not signed in (sign-in, registration pages). */
export const signedOut = (actor: Actor): actor is Visitor => actor.kind === 'visitor';
/** Only a platform administrator. */
export const platformAdmin = (actor: Actor): actor is SignedIn => actor.kind === 'user' && actor.isAdmin;

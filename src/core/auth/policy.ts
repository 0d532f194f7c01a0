import type { Actor } from './actor.js';
import { isSignedIn } from './actor.js';

/**
 * A rule saying whether an actor may use a route. Every route declares one; a route without
 * a policy refuses everyone (see `denyUndeclaredRoutes`). Record-level rules (may this actor
 * see this post?) live in each module's `<name>.policy.ts` as pure functions.
 */
export type RoutePolicy = (actor: Actor) => boolean;

/** Anyone, signed in or not. */
export const anyone: RoutePolicy = () => true;
/** Only a signed-in user. */
export const signedIn: RoutePolicy = (actor) => isSignedIn(actor);
/** Only a visitor who is not signed in (sign-in, registration pages). */
export const signedOut: RoutePolicy = (actor) => !isSignedIn(actor);
/** Only a platform administrator. */
export const platformAdmin: RoutePolicy = (actor) => isSignedIn(actor) && actor.isAdmin;

import { isSignedIn, type Actor } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';

/** Anyone signed in edits their own profile, and only their own: the settings take no handle. */
export const mayEditOwnProfile = signedIn;

/** Whether the profile being read is the reader's own (to offer the edit link). */
export const isOwnProfile = (actor: Actor, handle: string): boolean => isSignedIn(actor) && actor.handle === handle;

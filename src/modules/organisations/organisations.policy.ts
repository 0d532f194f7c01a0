import type { Actor } from '../../core/auth/actor.js';
import { platformAdmin } from '../../core/auth/policy.js';

/** Only platform administrators create and edit organisations. */
export const mayManageOrganisations = (actor: Actor): boolean => platformAdmin(actor);

import type { Actor } from '../../core/auth/actor.js';
import type { ModuleContext } from '../../core/module.js';
import { partnershipsOf } from '../partnerships/index.js';
import type { FundingReader } from './funding.policy.js';
import { PUBLIC_READER } from './funding.policy.js';
import { isFundingEditor } from './funding.queries.js';

/**
 * The reader of the register for this request, read fresh from the database (never kept: several
 * nodes serve one site, and a role taken away takes effect on the next request): an administrator
 * or a funding editor is an editor.
 */
export async function readerOf(ctx: ModuleContext, actor: Actor): Promise<FundingReader> {
  if (actor.kind !== 'user') return PUBLIC_READER;
  return { userId: actor.id, editor: actor.isAdmin || (await isFundingEditor(ctx.db, actor.id)) };
}

/** How many partnerships the actor belongs to (fresh): members of any may suggest an item. */
export async function partnershipCountOf(ctx: ModuleContext, actor: Actor): Promise<number> {
  return actor.kind === 'user' ? (await partnershipsOf(ctx.db, actor.id)).length : 0;
}

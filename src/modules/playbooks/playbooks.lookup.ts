import type { Actor } from '../../core/auth/actor.js';
import type { ModuleContext } from '../../core/module.js';
import { standingIn, type Standing } from '../partnerships/index.js';
import { audienceIn, maySee } from './playbooks.policy.js';
import { findPlaybookBySlug, type Playbook } from './playbooks.queries.js';

export interface FoundPlaybook {
  playbook: Playbook;
  /** The reader's standing in the playbook's partnership, read fresh. */
  standing: Standing;
}

/**
 * The playbook of an address as this reader may see it (its row and the reader's role read fresh on
 * every request); null, the same as a missing one, when they may not.
 */
export async function visiblePlaybook(
  ctx: ModuleContext,
  actor: Actor,
  slug: string,
  locale: string,
): Promise<FoundPlaybook | null> {
  const playbook = await findPlaybookBySlug(ctx.db, slug, locale);
  if (!playbook) return null;
  const standing = await standingIn(ctx, playbook.partnershipId, actor);
  return maySee(audienceIn(standing, playbook.partnershipId), playbook) ? { playbook, standing } : null;
}

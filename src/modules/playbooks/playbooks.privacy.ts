import type { ModuleContext } from '../../core/module.js';
import { deleteExportsOf } from './exports.service.js';

/** A person's playbooks, translations and exports, for "download my data". */
export async function exportPlaybooks(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const [playbooks, translations, exports] = await Promise.all([
    ctx.db
      .selectFrom('playbooks')
      .select(['slug', 'state', 'original_lang', 'title', 'target', 'introduction', 'steps', 'created_at'])
      .where('author_id', '=', userId)
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('playbook_translations')
      .innerJoin('playbooks', 'playbooks.id', 'playbook_translations.playbook_id')
      .select(['playbooks.slug', 'playbook_translations.lang', 'playbook_translations.title'])
      .where('playbook_translations.translator_id', '=', userId)
      .execute(),
    ctx.db
      .selectFrom('playbook_exports')
      .innerJoin('playbooks', 'playbooks.id', 'playbook_exports.playbook_id')
      .select([
        'playbooks.slug as playbook',
        'playbook_exports.lang',
        'playbook_exports.name',
        'playbook_exports.primary_colour',
        'playbook_exports.on_primary_colour',
        'playbook_exports.accent_colour',
        'playbook_exports.state',
        'playbook_exports.created_at',
        'playbook_exports.expires_at',
      ])
      .where('playbook_exports.requester_id', '=', userId)
      .orderBy('playbook_exports.id')
      .execute(),
  ]);
  return { playbooks, translations, exports };
}

/**
 * When an account is deleted: the person's exports go (rows and files: they were for them alone);
 * the playbooks they wrote and translated stay, shown without an author.
 */
export async function erasePlaybooks(ctx: ModuleContext, userId: number): Promise<void> {
  await deleteExportsOf(ctx, userId);
  await ctx.db.updateTable('playbooks').set({ author_id: null }).where('author_id', '=', userId).execute();
  await ctx.db
    .updateTable('playbook_translations')
    .set({ translator_id: null })
    .where('translator_id', '=', userId)
    .execute();
}

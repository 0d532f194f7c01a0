import { markForIndex } from '../../core/search/search-index.js';
import { nowIso } from '../../core/db/dialect.js';
import type { ModuleContext } from '../../core/module.js';

/** A person's comments (with their text, also deleted and hidden ones) and the reports they made. */
export async function exportComments(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const [comments, reports] = await Promise.all([
    ctx.db
      .selectFrom('comments')
      .select([
        'id',
        'subject_type as subjectType',
        'subject_id as subjectId',
        'parent_id as parentId',
        'body',
        'created_at as createdAt',
        'edited_at as editedAt',
        'deleted_at as deletedAt',
        'hidden_at as hiddenAt',
        'hidden_reason as hiddenReason',
      ])
      .where('author_id', '=', userId)
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('comment_reports')
      .select(['comment_id as commentId', 'reason', 'created_at as createdAt'])
      .where('reporter_id', '=', userId)
      .orderBy('created_at')
      .execute(),
  ]);
  return { comments, reports };
}

/**
 * On account deletion, a person's comments keep their place in their threads (the replies
 * to them stay readable) but lose their text and their author: each becomes the "comment
 * deleted" placeholder. Their reports go; the counts they added stay.
 */
export async function eraseComments(ctx: ModuleContext, userId: number): Promise<void> {
  const at = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    // Their text leaves the search index with the next run of its job.
    const written = await trx.selectFrom('comments').select('id').where('author_id', '=', userId).execute();
    await markForIndex(
      trx,
      'comment',
      written.map((c) => c.id),
    );
    await trx
      .updateTable('comments')
      .set({ body: '', deleted_at: at })
      .where('author_id', '=', userId)
      .where('deleted_at', 'is', null)
      .execute();
    await trx.updateTable('comments').set({ body: '', author_id: null }).where('author_id', '=', userId).execute();
    await trx.updateTable('comments').set({ hidden_by: null }).where('hidden_by', '=', userId).execute();
    await trx.deleteFrom('comment_reports').where('reporter_id', '=', userId).execute();
  });
}

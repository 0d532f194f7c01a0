import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';

/**
 * `maySee` (lessons.policy.ts) as a filter of `lessons`: published lessons, and for a signed-in
 * reader also their own, and every lesson of the partnerships they coordinate.
 */
export function visibleLessons(
  audience: ContentAudience,
): (eb: ExpressionBuilder<Database, 'lessons'>) => Expression<SqlBool> {
  return (eb) => {
    if (audience.editorOf === 'all') return eb.lit(true) as unknown as Expression<SqlBool>;
    const either: Expression<SqlBool>[] = [eb('lessons.state', '=', 'published')];
    if (audience.userId !== null) either.push(eb('lessons.author_id', '=', audience.userId));
    if (audience.editorOf.length > 0) either.push(eb('lessons.partnership_id', 'in', [...audience.editorOf]));
    return eb.or(either);
  };
}

import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience } from '../../core/module.js';

/**
 * `maySee` (playbooks.policy.ts) as a filter of `playbooks`: published playbooks, and every playbook
 * of the partnerships the reader coordinates (all of them for an administrator).
 */
export function visiblePlaybooks(
  audience: ContentAudience,
): (eb: ExpressionBuilder<Database, 'playbooks'>) => Expression<SqlBool> {
  return (eb) => {
    if (audience.editorOf === 'all') return eb.lit(true) as unknown as Expression<SqlBool>;
    const either: Expression<SqlBool>[] = [eb('playbooks.state', '=', 'published')];
    if (audience.editorOf.length > 0) either.push(eb('playbooks.partnership_id', 'in', [...audience.editorOf]));
    return eb.or(either);
  };
}

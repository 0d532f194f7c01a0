import type { AuditNamer } from '../../core/audit/sentences.js';
import { findTag } from './tags.queries.js';

/** Tags as the audit log names them: their label in the reader's language, by slug. */
export const auditTagNames: AuditNamer = async (ctx, slugs, i18n) => {
  const names = new Map<string, string>();
  for (const slug of slugs) {
    const tag = await findTag(ctx.db, slug, i18n.locale);
    if (tag) names.set(slug, i18n.t('tags.audit.named', { label: tag.label }));
  }
  return names;
};

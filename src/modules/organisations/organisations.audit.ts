import type { AuditNamer } from '../../core/audit/sentences.js';
import { findOrganisation } from './organisations.queries.js';

/** Organisations as the audit log names them: their name, by slug (as the log keeps them). */
export const auditOrganisationNames: AuditNamer = async (ctx, slugs) => {
  const names = new Map<string, string>();
  for (const slug of slugs) {
    const organisation = await findOrganisation(ctx.db, slug);
    if (organisation) names.set(slug, organisation.name);
  }
  return names;
};

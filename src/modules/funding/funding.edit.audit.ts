import type { AuditNamer } from '../../core/audit/sentences.js';

// How the audit log names the register's things: an item by its id (its title now), a programme by
// its slug (its name now). Read when the log is read, so a renamed item shows its new title.

export const auditOpportunityNames: AuditNamer = async (ctx, keys) => {
  const ids = keys.filter((k) => /^[1-9]\d{0,9}$/.test(k)).map(Number);
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = await ctx.db
    .selectFrom('funding_opportunities')
    .select(['id', 'title'])
    .where('id', 'in', ids)
    .execute();
  for (const row of rows) names.set(String(row.id), row.title);
  return names;
};

export const auditProgrammeNames: AuditNamer = async (ctx, keys) => {
  const names = new Map<string, string>();
  if (keys.length === 0) return names;
  const rows = await ctx.db
    .selectFrom('funding_programmes')
    .select(['slug', 'name'])
    .where('slug', 'in', keys)
    .execute();
  for (const row of rows) names.set(row.slug, row.name);
  return names;
};

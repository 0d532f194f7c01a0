import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { listAudit } from '../../core/audit/audit.js';
import { AuditLogJson, describeAudit, type AuditNamer } from '../../core/audit/sentences.js';
import { signedIn } from '../../core/auth/policy.js';
import { pageRoute } from '../../core/http/routes.js';
import { queryId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { standingIn } from './membership.service.js';
import { mayManage } from './partnerships.policy.js';
import { findPartnershipWithId, partnershipTitles } from './partnerships.queries.js';
import { SlugParams } from './partnerships.schema.js';
import { hubTabs } from './partnerships.hub.js';
import { AuditPage } from './views/AuditPage.js';

/** Partnerships as the audit log names them: by id (the partnership an entry concerns) or by slug (a subject). */
export const auditPartnershipNames: AuditNamer = async (ctx, keys, i18n) => {
  const ids = keys.filter((k) => /^[1-9]\d{0,9}$/.test(k)).map(Number);
  const rows = await partnershipTitles(ctx.db, i18n.locale, ids, keys);
  const names = new Map<string, string>();
  for (const row of rows) names.set(String(row.id), row.title).set(row.slug, row.title);
  return names;
};

const AuditQuery = Type.Object({
  // Checked in `load` (queryId), so that a page in any language names the parameter that is wrong.
  before: Type.Optional(Type.String({ description: 'Cursor: `next` of the previous page (a whole number).' })),
});

/** A partnership's audit log, as sentences, for its coordinators (and administrators); 404 for anyone else. */
export function registerAuditRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/partnerships/:slug/audit',
    policy: signedIn,
    summary: 'A partnership’s audit log, newest first (50 a page), each entry with a sentence in the asked language',
    tag: 'partnerships',
    params: SlugParams,
    querystring: AuditQuery,
    response: AuditLogJson,
    load: async ({ params, query, request }) => {
      const found = await findPartnershipWithId(ctx.db, request.locale, params.slug);
      if (!found || !mayManage(await standingIn(ctx, found.id, request.actor))) return null;
      const log = await listAudit(ctx.db, { partnershipId: found.id }, 50, queryId(query.before, 'before'));
      return {
        items: await describeAudit(ctx, log.items, request.i18n),
        next: log.next,
        partnership: found.partnership,
      };
    },
    render: ({ items, next, partnership }, page) =>
      AuditPage({ page, partnership, entries: items, next, tabs: hubTabs(ctx) }),
  });
}

import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { anyone, platformAdmin } from '../../core/auth/policy.js';
import { listAudit } from '../../core/audit/audit.js';
import { AuditLogJson, describeAudit } from '../../core/audit/sentences.js';
import { pageRoute } from '../../core/http/routes.js';
import { queryId } from '../../core/http/validation.js';
import type { ModuleContext } from '../../core/module.js';
import { renderSections } from '../../core/sections.js';
import { AccessibilityPage } from './views/AccessibilityPage.js';
import { ApiPage, type ApiEndpoint } from './views/ApiPage.js';
import { AuditLogPage } from './views/AuditLogPage.js';
import { HomePage } from './views/HomePage.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** What the installed modules say one can do here (message keys), in their order: the home page promises no more. */
export function promisesOf(ctx: ModuleContext): string[] {
  return ctx.modules
    .flatMap((m) => m.promises ?? [])
    .sort((a, b) => a.order - b.order)
    .map((p) => p.label);
}

const AuditQuery = Type.Object({
  // Checked in `load` (queryId), so that a page in any language names the parameter that is wrong.
  before: Type.Optional(Type.String({ description: 'Cursor: `next` of the previous page (a whole number).' })),
});

export async function registerSiteRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  pageRoute(app, {
    path: '/',
    policy: anyone,
    summary: 'Home page',
    tag: 'site',
    api: false,
    response: Type.Object({}),
    load: async () => ({}),
    prepare: (_data, page) => renderSections(ctx, page, 'home'),
    render: (_data, page, _request, sections) => HomePage({ page, promises: promisesOf(ctx), sections }),
  });

  pageRoute(app, {
    path: '/accessibility',
    policy: anyone,
    summary: 'Accessibility statement',
    tag: 'site',
    api: false,
    response: Type.Object({}),
    load: async () => ({}),
    render: (_data, page) => AccessibilityPage({ page }),
  });

  pageRoute(app, {
    path: '/api',
    policy: anyone,
    summary: 'API guide',
    tag: 'site',
    api: false,
    response: Type.Object({}),
    load: async () => {
      const document = app.swagger() as { paths?: Record<string, Record<string, { summary?: string }>> };
      const endpoints: ApiEndpoint[] = [];
      for (const [path, operations] of Object.entries(document.paths ?? {})) {
        for (const method of HTTP_METHODS) {
          const operation = operations[method];
          if (operation) endpoints.push({ method: method.toUpperCase(), path, summary: operation.summary ?? '' });
        }
      }
      return endpoints;
    },
    render: (endpoints, page) => ApiPage({ page, endpoints }),
  });

  pageRoute(app, {
    path: '/admin/audit',
    policy: platformAdmin,
    summary: 'The platform’s audit log, newest first (50 a page), each entry with a sentence in the asked language',
    tag: 'site',
    querystring: AuditQuery,
    response: AuditLogJson,
    load: async ({ query, request }) => {
      const log = await listAudit(ctx.db, {}, 50, queryId(query.before, 'before'));
      return { items: await describeAudit(ctx, log.items, request.i18n), next: log.next };
    },
    render: ({ items, next }, page) => AuditLogPage({ page, entries: items, next }),
  });
}

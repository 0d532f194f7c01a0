import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { anyone } from '../../core/auth/policy.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { AccessibilityPage } from './views/AccessibilityPage.js';
import { ApiPage, type ApiEndpoint } from './views/ApiPage.js';
import { HomePage } from './views/HomePage.js';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export async function registerSiteRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  const sections = ctx.modules.flatMap((m) => m.homeSections ?? []).sort((a, b) => a.order - b.order);

  pageRoute(app, {
    path: '/',
    policy: anyone,
    summary: 'Home page',
    tag: 'site',
    api: false,
    response: Type.Object({}),
    load: async ({ request }) => {
      const page = request.page();
      return Promise.all(sections.map((section) => section.render(page, ctx)));
    },
    render: (rendered, page) => HomePage({ page, sections: rendered }),
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
}

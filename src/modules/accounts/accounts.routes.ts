import type { FastifyInstance } from 'fastify';
import { signedIn, signedOut } from '../../core/auth/policy.js';
import { validateForm } from '../../core/http/forms.js';
import { renderDocument } from '../../core/views/render.js';
import type { ModuleContext } from '../../core/module.js';
import { authenticate, safeNextPath } from './accounts.service.js';
import { SignInForm } from './accounts.schema.js';
import { SignInPage } from './views/SignInPage.js';

export function registerAccountRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { next?: string } }>('/:lang/sign-in', { config: { policy: signedOut } }, async (request, reply) => {
    const page = request.page();
    const next = typeof request.query.next === 'string' ? safeNextPath(request.query.next, '') : '';
    reply.header('Cache-Control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(renderDocument(SignInPage({ page, values: { next }, errors: {} })));
  });

  app.post('/:lang/sign-in', { config: { policy: signedOut, rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request, reply) => {
    const page = request.page();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { email: String(body.email ?? '').slice(0, 254), next: safeNextPath(String(body.next ?? ''), '') };
    const form = validateForm<SignInForm>(SignInForm, body, page.t);
    if (!form.ok) {
      return reply.code(400).type('text/html; charset=utf-8').send(renderDocument(SignInPage({ page, values, errors: form.errors })));
    }
    const userId = await authenticate(ctx.db, form.value.email, form.value.password);
    if (userId === null) {
      // One message for a wrong address or a wrong password: which one is not told.
      const errors = { email: page.t('accounts.signIn.wrong') };
      return reply.code(400).type('text/html; charset=utf-8').send(renderDocument(SignInPage({ page, values, errors })));
    }
    await reply.startSession(userId);
    return reply.redirect(safeNextPath(values.next, page.href('/')), 303);
  });

  app.post('/:lang/sign-out', { config: { policy: signedIn } }, async (request, reply) => {
    await reply.endSession();
    return reply.redirect(`/${request.locale}/`, 303);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VISITOR } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import { fromFlag } from '../../core/db/dialect.js';
import { validateForm } from '../../core/http/forms.js';
import { HttpError } from '../../core/http/http-error.js';
import { problemResponses } from '../../core/http/problem.js';
import { SessionStore } from '../../core/http/session.js';
import type { ModuleContext } from '../../core/module.js';
import { findUserById } from './accounts.queries.js';
import { ConfirmPasswordForm, DeleteAccountForm, Me, TokenForm, TokenIdParams } from './accounts.schema.js';
import { safeNextPath } from './accounts.service.js';
import { ConfirmPasswordPage } from './views/PasswordPages.js';
import { createAccessToken, listTokens, revokeToken } from './access-tokens.js';
import { deleteAccount, personalDataZip } from './personal-data.js';
import { attemptOrigin } from './devices.js';
import { textFields } from './registration.service.js';
import { tooMany } from './respond.js';
import { changeEmail, changePassword, checkWithPassword } from './settings.service.js';
import { AccountSettingsPage, type AccountNotice } from './views/AccountSettingsPage.js';
import { MessagePage } from './views/MessagePage.js';
import { PrivacyPage } from './views/PrivacyPage.js';
import { TokensPage } from './views/TokensPage.js';
import { sendPage } from '../../core/http/html.js';

type Notice = { Querystring: { notice?: string } };
type Next = { Querystring: { next?: string } };

/** Sensitive settings ask for the password again when the session's last one is older than this. */
export const REAUTHENTICATE_AFTER_MS = 30 * 60_000;

/** True when the person gave their password in this session within the last 30 minutes. */
function recentlyAuthenticated(request: FastifyRequest): boolean {
  const at = request.session?.authenticatedAt;
  return at !== undefined && Date.now() - Date.parse(at) <= REAUTHENTICATE_AFTER_MS;
}

/** The signed-in person's id (the routes here all require one). */
function userIdOf(request: FastifyRequest): number {
  if (request.actor.kind !== 'user') throw new HttpError(404);
  return request.actor.id;
}

export function registerSettingsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const sessions = new SessionStore(ctx.db, ctx.config);

  /**
   * Before a sensitive setting (tokens, signing out elsewhere): the page that asks for the
   * password again, coming back to `next` (a settings page), when the sign-in is not recent.
   * (Changing the address or the password and deleting the account ask for it in their form.)
   */
  function askPasswordAgain(request: FastifyRequest, reply: FastifyReply, next: string) {
    if (recentlyAuthenticated(request)) return null;
    const path = request.page().href(next);
    return reply.redirect(request.page().href(`/settings/confirm?next=${encodeURIComponent(path)}`), 303);
  }

  /** The password was given and was right: the session counts as recently authenticated. */
  async function authenticated(request: FastifyRequest) {
    if (request.session) await sessions.markAuthenticated(request.session.id);
  }

  app.get<Next>('/:lang/settings/confirm', { config: { policy: signedIn } }, async (request, reply) => {
    const next = safeNextPath(request.query.next, request.page().href('/settings/account'));
    return sendPage(reply, ConfirmPasswordPage({ page: request.page(), next, errors: {} }));
  });

  app.post<Next>(
    '/:lang/settings/confirm',
    { config: { policy: signedIn, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const next = safeNextPath(request.query.next, page.href('/settings/account'));
      const form = validateForm<ConfirmPasswordForm>(ConfirmPasswordForm, request.body, page.t);
      const origin = attemptOrigin(ctx, request);
      const checked = await checkWithPassword(ctx, userIdOf(request), form, 'password', {}, origin, page.t);
      if (!checked.ok) {
        const again = ConfirmPasswordPage({ page, next, errors: checked.errors });
        return checked.wait > 0 ? tooMany(reply, checked.wait, again) : sendPage(reply, again, 400);
      }
      await authenticated(request);
      return reply.redirect(next, 303);
    },
  );

  async function accountPage(request: FastifyRequest, extra: Partial<Parameters<typeof AccountSettingsPage>[0]> = {}) {
    const userId = userIdOf(request);
    const user = await findUserById(ctx.db, userId);
    if (!user) throw new HttpError(404);
    return AccountSettingsPage({
      page: request.page(),
      email: user.email,
      sessions: await sessions.listFor(userId),
      currentSessionId: request.session?.id ?? null,
      ...extra,
    });
  }

  // ── Settings → account ─────────────────────────────────────────────────────────────

  app.get<Notice>('/:lang/settings/account', { config: { policy: signedIn } }, async (request, reply) => {
    const notice: AccountNotice | null =
      request.query.notice === 'passwordChanged' || request.query.notice === 'signedOutElsewhere'
        ? { kind: request.query.notice }
        : null;
    return sendPage(reply, await accountPage(request, { notice }));
  });

  app.post('/:lang/settings/account/email', { config: { policy: signedIn } }, async (request, reply) => {
    const origin = attemptOrigin(ctx, request);
    const result = await changeEmail(ctx, userIdOf(request), request.body, request.locale, origin, request.i18n.t);
    if (result.ok) {
      await authenticated(request);
      return sendPage(reply, await accountPage(request, { notice: { kind: 'emailSent', email: result.email } }));
    }
    const page = await accountPage(request, {
      values: { newEmail: (textFields(request.body).newEmail ?? '').slice(0, 254) },
      errors: result.errors,
    });
    return result.wait > 0 ? tooMany(reply, result.wait, page) : sendPage(reply, page, 400);
  });

  app.post('/:lang/settings/account/password', { config: { policy: signedIn } }, async (request, reply) => {
    const origin = attemptOrigin(ctx, request);
    const result = await changePassword(
      ctx,
      userIdOf(request),
      request.session?.id,
      request.body,
      origin,
      request.i18n.t,
    );
    if (result.ok) {
      await authenticated(request);
      return reply.redirect(request.page().href('/settings/account?notice=passwordChanged'), 303);
    }
    const page = await accountPage(request, { errors: result.errors });
    return result.wait > 0 ? tooMany(reply, result.wait, page) : sendPage(reply, page, 400);
  });

  app.post('/:lang/settings/account/sessions/end-others', { config: { policy: signedIn } }, async (request, reply) => {
    const ask = askPasswordAgain(request, reply, '/settings/account');
    if (ask) return ask;
    await sessions.endAllFor(userIdOf(request), request.session?.id);
    return reply.redirect(request.page().href('/settings/account?notice=signedOutElsewhere'), 303);
  });

  // ── Settings → API tokens ──────────────────────────────────────────────────────────

  app.get<Notice>('/:lang/settings/tokens', { config: { policy: signedIn } }, async (request, reply) => {
    const ask = askPasswordAgain(request, reply, '/settings/tokens');
    if (ask) return ask;
    return sendPage(
      reply,
      TokensPage({
        page: request.page(),
        tokens: await listTokens(ctx, userIdOf(request)),
        revoked: request.query.notice === 'revoked',
      }),
    );
  });

  app.post('/:lang/settings/tokens', { config: { policy: signedIn } }, async (request, reply) => {
    const ask = askPasswordAgain(request, reply, '/settings/tokens');
    if (ask) return ask;
    const userId = userIdOf(request);
    const page = request.page();
    const form = validateForm<TokenForm>(TokenForm, request.body, page.t);
    if (!form.ok) {
      const values = { name: (textFields(request.body).name ?? '').slice(0, 100) };
      return sendPage(
        reply,
        TokensPage({ page, tokens: await listTokens(ctx, userId), values, errors: form.errors }),
        400,
      );
    }
    const { token } = await createAccessToken(ctx, userId, form.value.name);
    return sendPage(
      reply,
      TokensPage({ page, tokens: await listTokens(ctx, userId), created: { name: form.value.name, token } }),
    );
  });

  app.post<{ Params: { id: number } }>(
    '/:lang/settings/tokens/:id/revoke',
    { schema: { params: TokenIdParams }, config: { policy: signedIn } },
    async (request, reply) => {
      const ask = askPasswordAgain(request, reply, '/settings/tokens');
      if (ask) return ask;
      if (!(await revokeToken(ctx, userIdOf(request), request.params.id))) throw new HttpError(404);
      return reply.redirect(request.page().href('/settings/tokens?notice=revoked'), 303);
    },
  );

  // ── Settings → privacy ─────────────────────────────────────────────────────────────

  async function privacyPage(request: FastifyRequest, errors = {}) {
    const user = await findUserById(ctx.db, userIdOf(request));
    if (!user) throw new HttpError(404);
    return PrivacyPage({
      page: request.page(),
      terms: { version: user.terms_version, acceptedAt: user.terms_accepted_at },
      errors,
    });
  }

  app.get('/:lang/settings/privacy', { config: { policy: signedIn } }, async (request, reply) =>
    sendPage(reply, await privacyPage(request)),
  );

  app.get('/:lang/settings/privacy/export', { config: { policy: signedIn } }, async (request, reply) => {
    const userId = userIdOf(request);
    const zip = await personalDataZip(ctx, userId);
    const name =
      `urbis-data-${request.actor.kind === 'user' ? request.actor.handle : userId}-` +
      `${new Date().toISOString().slice(0, 10)}.zip`;
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .type('application/zip')
      .send(zip);
  });

  app.post(
    '/:lang/settings/privacy/delete',
    { config: { policy: signedIn, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const userId = userIdOf(request);
      const form = validateForm<DeleteAccountForm>(DeleteAccountForm, request.body, request.i18n.t);
      const origin = attemptOrigin(ctx, request);
      const checked = await checkWithPassword(ctx, userId, form, 'password', {}, origin, request.i18n.t);
      if (!checked.ok) {
        const page = await privacyPage(request, checked.errors);
        return checked.wait > 0 ? tooMany(reply, checked.wait, page) : sendPage(reply, page, 400);
      }
      await deleteAccount(ctx, userId);
      await reply.endSession();
      request.actor = VISITOR;
      const page = request.page();
      return sendPage(
        reply,
        MessagePage({
          page,
          title: page.t('accounts.deleted.title'),
          kind: 'success',
          text: [page.t('accounts.deleted.text')],
          links: [{ label: page.t('core.layout.home'), path: '/' }],
        }),
      );
    },
  );

  // ── API ────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/me',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'The signed-in person (with a session or a personal access token)',
        tags: ['accounts'],
        security: [{ bearerAuth: [] }],
        response: { 200: Me, ...problemResponses(401, 404, 429) },
      },
    },
    async (request): Promise<Me> => {
      const user = await findUserById(ctx.db, userIdOf(request));
      if (!user || user.deleted_at) throw new HttpError(404);
      return {
        id: user.id,
        handle: user.handle,
        displayName: user.display_name,
        email: user.email,
        locale: user.locale,
        isAdmin: fromFlag(user.is_admin),
        timeZone: user.time_zone,
      };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { anyone, signedIn, signedOut } from '../../core/auth/policy.js';
import { VISITOR } from '../../core/auth/actor.js';
import { validateForm } from '../../core/http/forms.js';
import type { ModuleContext } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';
import { checkCredentials, safeNextPath } from './accounts.service.js';
import { EmailForm, LinkParams, SignInForm } from './accounts.schema.js';
import { findResetLink, requestPasswordReset, resetPassword } from './password.service.js';
import {
  describeConfirmLink,
  registerAccount,
  resendConfirmation,
  textFields,
  useConfirmLink,
} from './registration.service.js';
import { tooMany } from './respond.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { registerTimeZoneRoutes } from './time-zone.routes.js';
import { minutesOf, passwordWasRight, takePasswordAttempt } from './throttle.js';
import { attemptOrigin, rememberDevice } from './devices.js';
import { ConfirmPage } from './views/ConfirmPage.js';
import { MessagePage } from './views/MessagePage.js';
import { ForgotPasswordPage, ResetPasswordPage } from './views/PasswordPages.js';
import { RegisterPage } from './views/RegisterPage.js';
import { SignInPage } from './views/SignInPage.js';
import { withNext } from './views/parts.js';
import { sendPage } from '../../core/http/html.js';

type Link = { token: string };

export function registerAccountRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // ── Signing in and out ─────────────────────────────────────────────────────────────

  // Someone already signed in (a link from an older tab, say) goes where signing in would take them.
  app.get<{ Querystring: { next?: string } }>(
    '/:lang/sign-in',
    { config: { policy: anyone } },
    async (request, reply) => {
      const next = typeof request.query.next === 'string' ? safeNextPath(request.query.next, '') : '';
      if (request.actor.kind === 'user') return reply.redirect(next || `/${request.locale}/`, 303);
      return sendPage(reply, SignInPage({ page: request.page(), values: { next }, errors: {} }));
    },
  );

  app.post(
    '/:lang/sign-in',
    { config: { policy: signedOut, changesPages: false, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const body = textFields(request.body);
      const values = { email: (body.email ?? '').slice(0, 254), next: safeNextPath(body.next, '') };
      const form = validateForm<SignInForm>(SignInForm, request.body, page.t);
      if (!form.ok) return sendPage(reply, SignInPage({ page, values, errors: form.errors }), 400);
      // Counted before the password is checked: of many attempts at once, only the limit's worth are checked.
      const attempt = await takePasswordAttempt(
        ctx.db,
        ctx.config.secret,
        form.value.email,
        attemptOrigin(ctx, request),
      );
      const wait = attempt.wait;
      if (wait > 0)
        return tooMany(
          reply,
          wait,
          SignInPage({
            page,
            values,
            errors: { email: page.t('accounts.problem.locked', { minutes: minutesOf(wait) }) },
          }),
        );
      const result = await checkCredentials(ctx.db, form.value.email, form.value.password);
      if (result.kind === 'wrong') {
        // One message for a wrong address or a wrong password: which one is not told.
        return sendPage(reply, SignInPage({ page, values, errors: { email: page.t('accounts.signIn.wrong') } }), 400);
      }
      await passwordWasRight(ctx.db, attempt);
      if (result.kind === 'unconfirmed')
        return sendPage(reply, SignInPage({ page, values, errors: {}, unconfirmed: true }), 403);
      rememberDevice(ctx, reply, attempt);
      await reply.startSession(result.userId);
      return reply.redirect(safeNextPath(values.next, page.href('/')), 303);
    },
  );

  app.post('/:lang/sign-out', { config: { policy: signedIn, changesPages: false } }, async (request, reply) => {
    await reply.endSession();
    return reply.redirect(`/${request.locale}/`, 303);
  });

  // ── Registration and confirmation ──────────────────────────────────────────────────

  // `next`: where the person was going (a join form, say); it goes with the confirmation link and back to sign-in.
  app.get<{ Querystring: { next?: string } }>(
    '/:lang/register',
    { config: { policy: anyone } },
    async (request, reply) => {
      const next = nextOf(request.query);
      if (request.actor.kind === 'user') return reply.redirect(next || `/${request.locale}/`, 303);
      return sendPage(reply, RegisterPage({ page: request.page(), values: { next }, errors: {} }));
    },
  );

  app.post(
    '/:lang/register',
    { config: { policy: signedOut, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const next = nextOf(request.body);
      const result = await registerAccount(ctx, request.body, request.locale, page.t, next);
      if (!result.ok) {
        // What was typed comes back, except the password.
        const { displayName, email, handle, terms } = textFields(request.body);
        return sendPage(
          reply,
          RegisterPage({ page, values: { displayName, email, handle, terms, next }, errors: result.errors }),
          400,
        );
      }
      return sendPage(reply, checkMailPage(page, 'register', result.email, next));
    },
  );

  app.post(
    '/:lang/register/resend',
    { config: { policy: signedOut, rateLimit: { max: 5, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const next = nextOf(request.body);
      const form = validateForm<EmailForm>(EmailForm, request.body, page.t);
      if (!form.ok)
        return sendPage(
          reply,
          SignInPage({ page, values: { email: textFields(request.body).email ?? '', next }, errors: form.errors }),
          400,
        );
      const { wait } = await resendConfirmation(ctx, form.value.email, request.locale, next);
      if (wait > 0)
        return tooMany(
          reply,
          wait,
          MessagePage({
            page,
            title: page.t('accounts.checkMail.title'),
            kind: 'warning',
            text: [page.t('accounts.problem.tooManyMails', { minutes: minutesOf(wait) })],
          }),
        );
      return sendPage(reply, checkMailPage(page, 'resend', form.value.email, next));
    },
  );

  app.get<{ Params: Link; Querystring: { next?: string } }>(
    '/:lang/confirm/:token',
    { schema: { params: LinkParams }, config: { policy: anyone } },
    async (request, reply) => {
      const page = request.page();
      const link = await describeConfirmLink(ctx, request.params.token);
      if (!link) return sendPage(reply, linkGonePage(page), 404);
      const next = nextOf(request.query);
      return sendPage(
        reply,
        ConfirmPage({ page, purpose: link.purpose, email: link.email, token: request.params.token, next }),
      );
    },
  );

  app.post<{ Params: Link; Querystring: { next?: string } }>(
    '/:lang/confirm/:token',
    { schema: { params: LinkParams }, config: { policy: anyone, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const outcome = await useConfirmLink(ctx, request.params.token, request.locale);
      if (!outcome) return sendPage(reply, linkGonePage(page), 404);
      const { t } = page;
      if (outcome === 'emailTaken')
        return sendPage(
          reply,
          MessagePage({
            page,
            title: t('accounts.confirm.takenTitle'),
            kind: 'warning',
            text: [t('accounts.confirm.taken')],
          }),
          409,
        );
      // Signing in next takes the person where they were going when they registered.
      const back = nextOf(request.body) || nextOf(request.query);
      const next =
        request.actor.kind === 'user'
          ? { label: t('accounts.settings.account'), path: '/settings/account' }
          : { label: t('accounts.signIn.title'), path: withNext('/sign-in', back) };
      const text = outcome === 'confirmed' ? t('accounts.confirm.done') : t('accounts.confirm.emailDone');
      return sendPage(
        reply,
        MessagePage({ page, title: t('accounts.confirm.doneTitle'), kind: 'success', text: [text], links: [next] }),
      );
    },
  );

  // ── Forgotten password ─────────────────────────────────────────────────────────────

  app.get('/:lang/password/forgot', { config: { policy: signedOut } }, async (request, reply) =>
    sendPage(reply, ForgotPasswordPage({ page: request.page(), values: {}, errors: {} })),
  );

  app.post(
    '/:lang/password/forgot',
    { config: { policy: signedOut, rateLimit: { max: 5, timeWindow: 60_000 } } },
    async (request, reply) => {
      const page = request.page();
      const values = { email: (textFields(request.body).email ?? '').slice(0, 254) };
      const form = validateForm<EmailForm>(EmailForm, request.body, page.t);
      if (!form.ok) return sendPage(reply, ForgotPasswordPage({ page, values, errors: form.errors }), 400);
      const { wait } = await requestPasswordReset(ctx, form.value.email, request.locale);
      if (wait > 0)
        return tooMany(
          reply,
          wait,
          ForgotPasswordPage({
            page,
            values,
            errors: { email: page.t('accounts.problem.tooManyMails', { minutes: minutesOf(wait) }) },
          }),
        );
      return sendPage(reply, checkMailPage(page, 'reset', form.value.email));
    },
  );

  app.get<{ Params: Link }>(
    '/:lang/password/reset/:token',
    { schema: { params: LinkParams }, config: { policy: anyone } },
    async (request, reply) => {
      const page = request.page();
      if (!(await findResetLink(ctx, request.params.token))) return sendPage(reply, linkGonePage(page), 404);
      return sendPage(reply, ResetPasswordPage({ page, token: request.params.token, errors: {} }));
    },
  );

  app.post<{ Params: Link }>(
    '/:lang/password/reset/:token',
    { schema: { params: LinkParams }, config: { policy: anyone, rateLimit: { max: 10, timeWindow: 60_000 } } },
    async (request, reply) => {
      const link = await findResetLink(ctx, request.params.token);
      if (!link) return sendPage(reply, linkGonePage(request.page()), 404);
      const result = await resetPassword(ctx, link, request.body, request.i18n.t);
      if (!result.ok && 'errors' in result)
        return sendPage(
          reply,
          ResetPasswordPage({ page: request.page(), token: request.params.token, errors: result.errors }),
          400,
        );
      if (!result.ok) return sendPage(reply, linkGonePage(request.page()), 404);
      // Every session of the person has ended, this browser's too if it was theirs.
      if (request.actor.kind === 'user' && request.actor.id === link.user_id) {
        await reply.endSession();
        request.actor = VISITOR;
      }
      const page = request.page();
      return sendPage(
        reply,
        MessagePage({
          page,
          title: page.t('accounts.reset.doneTitle'),
          kind: 'success',
          text: [page.t('accounts.reset.done')],
          links: [{ label: page.t('accounts.signIn.title'), path: '/sign-in' }],
        }),
      );
    },
  );

  registerSettingsRoutes(app, ctx);
  registerTimeZoneRoutes(app, ctx);
}

/** A `next` from a query or a form: a path of this site, or '' (anything else is dropped). */
function nextOf(fields: unknown): string {
  const next = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).next : undefined;
  return typeof next === 'string' ? safeNextPath(next, '') : '';
}

/** "Check your mail", in words that do not tell whether the address has an account. */
function checkMailPage(page: PageContext, kind: 'register' | 'resend' | 'reset', email: string, next = '') {
  const { t } = page;
  return MessagePage({
    page,
    title: t('accounts.checkMail.title'),
    text: [t(`accounts.checkMail.${kind}`, { email }), t('accounts.checkMail.spam')],
    links: [{ label: t('accounts.signIn.title'), path: withNext('/sign-in', next) }],
  });
}

/** An unknown, used or expired link. */
function linkGonePage(page: PageContext) {
  const { t } = page;
  return MessagePage({
    page,
    title: t('accounts.link.goneTitle'),
    kind: 'warning',
    text: [t('accounts.link.gone')],
    links:
      page.actor.kind === 'user'
        ? [{ label: t('accounts.settings.account'), path: '/settings/account' }]
        : [
            { label: t('accounts.signIn.title'), path: '/sign-in' },
            { label: t('accounts.signIn.forgot'), path: '/password/forgot' },
          ],
  });
}

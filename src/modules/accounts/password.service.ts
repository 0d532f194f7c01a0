import { SessionStore } from '../../core/http/session.js';
import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { deliver, mailLocale, resetMail } from './accounts.mail.js';
import {
  deleteAccessTokensOf,
  deleteMailTokensOf,
  findUserByEmail,
  markEmailConfirmed,
  setPasswordHash,
} from './accounts.queries.js';
import { ResetForm } from './accounts.schema.js';
import { findLink, issueLink, useLink, type Link } from './links.js';
import { hashPassword, isCommonPassword } from './passwords.js';
import { attemptSubject, forgetAccountAttempts, RESET_MAILS, takeAttempt } from './throttle.js';

/**
 * Mails a reset link if the address has an account; says nothing either way. Limited per
 * address: returns the seconds to wait when over the limit.
 */
export async function requestPasswordReset(
  ctx: ModuleContext,
  email: string,
  locale: string,
): Promise<{ wait: number }> {
  const wait = await takeAttempt(ctx.db, RESET_MAILS, { account: attemptSubject(email) });
  if (wait > 0) return { wait };
  const user = await findUserByEmail(ctx.db, email);
  if (user) {
    const token = await issueLink(ctx.db, user.id, 'reset');
    await deliver(
      ctx,
      resetMail(
        ctx,
        { email: user.email, displayName: user.display_name, locale: mailLocale(ctx, user.locale, locale) },
        token,
      ),
    );
  }
  return { wait: 0 };
}

export const findResetLink = (ctx: ModuleContext, token: string) => findLink(ctx.db, token, ['reset']);

/** Checks a new password against the schema and the list of common ones. */
export function checkNewPassword(
  body: unknown,
  field: string,
  t: Translator['t'],
): { ok: true; password: string } | { ok: false; errors: FieldErrors } {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const form = validateForm<ResetForm>(ResetForm, { password: source[field] }, t);
  if (!form.ok) return { ok: false, errors: form.errors.password ? { [field]: form.errors.password } : form.errors };
  if (isCommonPassword(form.value.password))
    return { ok: false, errors: { [field]: t('accounts.problem.passwordCommon') } };
  return { ok: true, password: form.value.password };
}

export type ResetResult = { ok: true } | { ok: false; errors: FieldErrors } | { ok: false; gone: true };

/**
 * Sets a new password from a reset link. The link is used up, the address counts as
 * confirmed (the link reached it), and every session and personal access token of the person ends.
 */
export async function resetPassword(
  ctx: ModuleContext,
  link: Link,
  body: unknown,
  t: Translator['t'],
): Promise<ResetResult> {
  const checked = checkNewPassword(body, 'password', t);
  if (!checked.ok) return checked;
  if (!(await useLink(ctx.db, link))) return { ok: false, gone: true };
  await setPasswordHash(ctx.db, link.user_id, await hashPassword(checked.password));
  await markEmailConfirmed(ctx.db, link.user_id);
  await deleteMailTokensOf(ctx.db, link.user_id, 'reset');
  await new SessionStore(ctx.db, ctx.config).endAllFor(link.user_id);
  await deleteAccessTokensOf(ctx.db, link.user_id);
  await forgetAccountAttempts(ctx.db, attemptSubject(link.email));
  return { ok: true };
}

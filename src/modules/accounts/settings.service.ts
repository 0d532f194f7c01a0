import { SessionStore } from '../../core/http/session.js';
import { validateForm, type FieldErrors, type FormResult } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { changeEmailMail, deliver, emailInUseMail, mailLocale } from './accounts.mail.js';
import {
  deleteAccessTokensOf,
  findUserByEmail,
  findUserById,
  setPasswordHash,
  type UserRow,
} from './accounts.queries.js';
import { ChangeEmailForm, ChangePasswordForm } from './accounts.schema.js';
import { issueLink } from './links.js';
import { checkPassword, hashPassword, isCommonPassword } from './passwords.js';
import { minutesOf, passwordWasRight, takePasswordAttempt, type AttemptOrigin } from './throttle.js';

export type CurrentPasswordCheck = { ok: true; user: UserRow } | { ok: false; message: string; wait: number };

/**
 * Asks for the current password before a change that matters. Answers are counted before
 * they are checked, as sign-ins of the account from this browser or address are, so a stolen
 * session cannot be used to guess the password.
 */
export async function verifyCurrentPassword(
  ctx: ModuleContext,
  userId: number,
  password: string,
  origin: AttemptOrigin,
  t: Translator['t'],
): Promise<CurrentPasswordCheck> {
  const user = await findUserById(ctx.db, userId);
  if (!user || user.deleted_at) return { ok: false, message: t('accounts.problem.currentPassword'), wait: 0 };
  const attempt = await takePasswordAttempt(ctx.db, ctx.config.secret, user.email, origin);
  const { wait } = attempt;
  if (wait > 0) return { ok: false, message: t('accounts.problem.locked', { minutes: minutesOf(wait) }), wait };
  if (!(await checkPassword(user.password_hash, password)))
    return { ok: false, message: t('accounts.problem.currentPassword'), wait: 0 };
  await passwordWasRight(ctx.db, attempt);
  return { ok: true, user };
}

/** A settings form's outcome; `wait` is set (seconds) when the account is locked for a while. */
export type SettingsResult<T = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors; wait: number };

/**
 * Checks a form that asks for the current password in `passwordField`: first the form, then,
 * when everything else is right, the password itself.
 */
export async function checkWithPassword<T extends Record<string, unknown>>(
  ctx: ModuleContext,
  userId: number,
  form: FormResult<T>,
  passwordField: keyof T & string,
  extra: FieldErrors,
  origin: AttemptOrigin,
  t: Translator['t'],
): Promise<SettingsResult<{ value: T; user: UserRow }>> {
  if (!form.ok || Object.keys(extra).length > 0)
    return { ok: false, errors: { ...(form.ok ? {} : form.errors), ...extra }, wait: 0 };
  const check = await verifyCurrentPassword(ctx, userId, String(form.value[passwordField]), origin, t);
  if (!check.ok) return { ok: false, errors: { [passwordField]: check.message }, wait: check.wait };
  return { ok: true, value: form.value, user: check.user };
}

/**
 * Starts a change of address: a link goes to the new address, and the change takes effect
 * when it is opened. If the new address has an account already, its owner is told instead;
 * the page says the same thing either way.
 */
export async function changeEmail(
  ctx: ModuleContext,
  userId: number,
  body: unknown,
  locale: string,
  origin: AttemptOrigin,
  t: Translator['t'],
): Promise<SettingsResult<{ email: string }>> {
  const form = validateForm<ChangeEmailForm>(ChangeEmailForm, body, t);
  const current = await findUserById(ctx.db, userId);
  const extra: FieldErrors =
    form.ok && current && form.value.newEmail.toLowerCase() === current.email
      ? { newEmail: t('accounts.problem.sameEmail') }
      : {};
  const checked = await checkWithPassword(ctx, userId, form, 'password', extra, origin, t);
  if (!checked.ok) return checked;
  const { user, value } = checked;
  const newEmail = value.newEmail.toLowerCase();
  const owner = await findUserByEmail(ctx.db, newEmail);
  if (owner) {
    await deliver(
      ctx,
      emailInUseMail(ctx, {
        email: owner.email,
        displayName: owner.display_name,
        locale: mailLocale(ctx, owner.locale, locale),
      }),
    );
  } else {
    const token = await issueLink(ctx.db, user.id, 'email', newEmail);
    await deliver(
      ctx,
      changeEmailMail(
        ctx,
        { email: newEmail, displayName: user.display_name, locale: mailLocale(ctx, user.locale, locale) },
        token,
      ),
    );
  }
  return { ok: true, email: newEmail };
}

/** Changes the password after checking the current one, and ends every other session and every token. */
export async function changePassword(
  ctx: ModuleContext,
  userId: number,
  sessionId: string | undefined,
  body: unknown,
  origin: AttemptOrigin,
  t: Translator['t'],
): Promise<SettingsResult> {
  const form = validateForm<ChangePasswordForm>(ChangePasswordForm, body, t);
  const extra: FieldErrors =
    form.ok && isCommonPassword(form.value.newPassword) ? { newPassword: t('accounts.problem.passwordCommon') } : {};
  const checked = await checkWithPassword(ctx, userId, form, 'currentPassword', extra, origin, t);
  if (!checked.ok) return checked;
  await setPasswordHash(ctx.db, userId, await hashPassword(checked.value.newPassword));
  await new SessionStore(ctx.db, ctx.config).endAllFor(userId, sessionId);
  // Whoever knew the old password may have made a token with it: they all end too.
  await deleteAccessTokensOf(ctx.db, userId);
  return { ok: true };
}

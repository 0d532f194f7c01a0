import { validateForm, type FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import type { ModuleContext } from '../../core/module.js';
import { alreadyRegisteredMail, confirmationMail, deliver, emailChangedMail, mailLocale } from './accounts.mail.js';
import { emailTaken, findUserByEmail, markEmailConfirmed, setEmail } from './accounts.queries.js';
import { RegisterForm, TERMS_VERSION } from './accounts.schema.js';
import { createUser, handleReserved } from './accounts.service.js';
import { findLink, issueLink, useLink } from './links.js';
import { hashPassword, isCommonPassword } from './passwords.js';
import { attemptSubject, CONFIRM_MAILS, takeAttempt } from './throttle.js';

export type RegisterResult = { ok: true; email: string } | { ok: false; errors: FieldErrors };

/** The submitted text fields, trimmed (for checks beyond the schema and to show them again). */
export function textFields(body: unknown): Record<string, string> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(source).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value.trim()]] : [])),
  );
}

async function handleTaken(ctx: ModuleContext, handle: string): Promise<boolean> {
  if (handleReserved(handle)) return true;
  return (await ctx.db.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirst()) !== undefined;
}

/** Checks a registration form: every problem of every field, in the reader's language. */
async function checkRegistration(ctx: ModuleContext, body: unknown, t: Translator['t']) {
  const form = validateForm<RegisterForm>(RegisterForm, body, t);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const raw = textFields(body);
  if (errors.terms) errors.terms = t('accounts.problem.terms');
  if (errors.handle && raw.handle) errors.handle = t('accounts.problem.handle');
  if (!errors.password && raw.password && isCommonPassword(raw.password))
    errors.password = t('accounts.problem.passwordCommon');
  if (!errors.handle && raw.handle && (await handleTaken(ctx, raw.handle)))
    errors.handle = t('accounts.problem.handleTaken');
  return form.ok && Object.keys(errors).length === 0
    ? { ok: true as const, value: form.value }
    : { ok: false as const, errors };
}

/**
 * Registers a person. The answer is the same whether or not the address already has an
 * account (it never tells): a new address gets a confirmation link, a known one a notice.
 * `next` (a path of this site, already checked, or '') goes into the mailed links, so that
 * signing in afterwards leads where the person was going.
 */
export async function registerAccount(
  ctx: ModuleContext,
  body: unknown,
  locale: string,
  t: Translator['t'],
  next = '',
): Promise<RegisterResult> {
  const checked = await checkRegistration(ctx, body, t);
  if (!checked.ok) return checked;
  const input = checked.value;
  const mayMail = (await takeAttempt(ctx.db, CONFIRM_MAILS, { account: attemptSubject(input.email) })) === 0;
  const existing = await findUserByEmail(ctx.db, input.email);
  if (existing) {
    // As long as making an account takes, so that the time does not tell either.
    await hashPassword(input.password);
    const to = {
      email: existing.email,
      displayName: existing.display_name,
      locale: mailLocale(ctx, existing.locale, locale),
    };
    if (mayMail) await deliver(ctx, alreadyRegisteredMail(ctx, to, next));
    return { ok: true, email: input.email };
  }
  let userId: number;
  try {
    userId = await createUser(ctx.db, { ...input, confirmed: false, locale, termsVersion: TERMS_VERSION });
  } catch (error) {
    // Someone registered the same address or handle a moment ago.
    if (await emailTaken(ctx.db, input.email)) return { ok: true, email: input.email };
    if (await handleTaken(ctx, input.handle))
      return { ok: false, errors: { handle: t('accounts.problem.handleTaken') } };
    throw error;
  }
  const token = await issueLink(ctx.db, userId, 'confirm');
  if (mayMail)
    await deliver(
      ctx,
      confirmationMail(ctx, { email: input.email.toLowerCase(), displayName: input.displayName, locale }, token, next),
    );
  return { ok: true, email: input.email };
}

/**
 * Sends the confirmation link again, if the address has an account that is not confirmed.
 * Limited per address; returns the seconds to wait when over the limit.
 */
export async function resendConfirmation(
  ctx: ModuleContext,
  email: string,
  locale: string,
  next = '',
): Promise<{ wait: number }> {
  const wait = await takeAttempt(ctx.db, CONFIRM_MAILS, { account: attemptSubject(email) });
  if (wait > 0) return { wait };
  const user = await findUserByEmail(ctx.db, email);
  if (user && !user.email_confirmed_at) {
    const token = await issueLink(ctx.db, user.id, 'confirm');
    await deliver(
      ctx,
      confirmationMail(
        ctx,
        { email: user.email, displayName: user.display_name, locale: mailLocale(ctx, user.locale, locale) },
        token,
        next,
      ),
    );
  }
  return { wait: 0 };
}

/** What a confirmation link is about, for the page that asks to use it. */
export async function describeConfirmLink(ctx: ModuleContext, token: string) {
  const link = await findLink(ctx.db, token, ['confirm', 'email']);
  return link ? { purpose: link.purpose, email: link.purpose === 'email' ? (link.new_email ?? '') : link.email } : null;
}

export type ConfirmOutcome = 'confirmed' | 'emailChanged' | 'emailTaken';

/**
 * Uses a confirmation link: a new account's address becomes confirmed, or a new address
 * replaces the old one (whose owner is told). Null for an unknown, used or expired link.
 */
export async function useConfirmLink(
  ctx: ModuleContext,
  token: string,
  locale: string,
): Promise<ConfirmOutcome | null> {
  const link = await findLink(ctx.db, token, ['confirm', 'email']);
  if (!link || !(await useLink(ctx.db, link))) return null;
  if (link.purpose === 'confirm') {
    await markEmailConfirmed(ctx.db, link.user_id);
    return 'confirmed';
  }
  const newEmail = link.new_email;
  if (!newEmail || (await emailTaken(ctx.db, newEmail))) return 'emailTaken';
  try {
    await setEmail(ctx.db, link.user_id, newEmail);
  } catch (error) {
    if (await emailTaken(ctx.db, newEmail)) return 'emailTaken';
    throw error;
  }
  const old = { email: link.email, displayName: link.display_name, locale: mailLocale(ctx, link.locale, locale) };
  await deliver(ctx, emailChangedMail(ctx, old, newEmail));
  return 'emailChanged';
}

import type { Mail } from '../../core/mail/mailer.js';
import type { ModuleContext } from '../../core/module.js';
import { LINK_LIFETIME_MS } from './links.js';

/** Who a mail goes to: the address, the name to greet, and the language to write in. */
export interface Recipient {
  email: string;
  displayName: string;
  locale: string;
}

type MailKind = 'confirm' | 'alreadyRegistered' | 'reset' | 'changeEmail' | 'emailChanged' | 'emailInUse';

/** The language to write to a person in: theirs if they chose one, else the page's. */
export function mailLocale(ctx: ModuleContext, chosen: string | null | undefined, fallback: string): string {
  return chosen && ctx.languages.includes(chosen) ? chosen : fallback;
}

const absolute = (ctx: ModuleContext, locale: string, path: string) => `${ctx.config.baseUrl}/${locale}${path}`;
/** `?next=…` for a path of this site to go back to after signing in (already checked), or nothing. */
const nextQuery = (next: string) => (next ? `?next=${encodeURIComponent(next)}` : '');

function compose(ctx: ModuleContext, kind: MailKind, to: Recipient, values: Record<string, string | number>): Mail {
  const { t } = ctx.i18n(to.locale);
  const all = { name: to.displayName, site: t('core.site.name'), ...values };
  return {
    to: to.email,
    lang: to.locale,
    subject: t(`accounts.mail.${kind}.subject`, all),
    text: t(`accounts.mail.${kind}.body`, all),
  };
}

/** The link that confirms a new account's address (with where to go after signing in, if anywhere). */
export const confirmationMail = (ctx: ModuleContext, to: Recipient, token: string, next = '') =>
  compose(ctx, 'confirm', to, {
    link: absolute(ctx, to.locale, `/confirm/${token}${nextQuery(next)}`),
    hours: LINK_LIFETIME_MS.confirm / 3_600_000,
  });

/** To the owner of an address someone tried to register again: no account was made. */
export const alreadyRegisteredMail = (ctx: ModuleContext, to: Recipient, next = '') =>
  compose(ctx, 'alreadyRegistered', to, {
    signIn: absolute(ctx, to.locale, `/sign-in${nextQuery(next)}`),
    reset: absolute(ctx, to.locale, '/password/forgot'),
  });

export const resetMail = (ctx: ModuleContext, to: Recipient, token: string) =>
  compose(ctx, 'reset', to, {
    link: absolute(ctx, to.locale, `/password/reset/${token}`),
    minutes: LINK_LIFETIME_MS.reset / 60_000,
  });

/** To the new address: confirm it before it replaces the old one. */
export const changeEmailMail = (ctx: ModuleContext, to: Recipient, token: string) =>
  compose(ctx, 'changeEmail', to, {
    link: absolute(ctx, to.locale, `/confirm/${token}`),
    hours: LINK_LIFETIME_MS.email / 3_600_000,
  });

/** To the old address once the change took effect, so that a hijack does not go unseen. */
export const emailChangedMail = (ctx: ModuleContext, to: Recipient, newEmail: string) =>
  compose(ctx, 'emailChanged', to, { newEmail, reset: absolute(ctx, to.locale, '/password/forgot') });

/** To an address that already has an account, when someone asked to move another account to it. */
export const emailInUseMail = (ctx: ModuleContext, to: Recipient) => compose(ctx, 'emailInUse', to, {});

/**
 * Sends a mail; a failure is logged, not shown. The pages say the same thing whether or not
 * a mail went out (they must not tell who has an account), and the person can ask again.
 */
export async function deliver(ctx: ModuleContext, mail: Mail): Promise<void> {
  try {
    await ctx.mailer.send(mail);
  } catch (error) {
    ctx.log.error({ err: error, subject: mail.subject }, 'a mail could not be sent');
  }
}

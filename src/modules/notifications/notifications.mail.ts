import type { Kysely } from 'kysely';
import { isSignedIn } from '../../core/auth/actor.js';
import { enqueueJob } from '../../core/jobs/queue.js';
import type { Database } from '../../core/db/types.js';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.js';
import type { ModuleContext } from '../../core/module.js';
import { contentTypesOf, describeContent } from '../../core/module.js';
import { accountAddress } from '../accounts/index.js';
import { audienceOf } from '../partnerships/index.js';
import { unsubscribeHeaders, unsubscribeUrl } from './notifications.unsubscribe.js';

/** The job that mails one notification (`{ id }`), queued in the transaction that stored it. */
export const MAIL_JOB = 'notifications.mail';

/** Queues the mail of a stored notification (through `db`: the notifying transaction, when there is one). */
export async function queueMail(db: Kysely<Database>, notificationId: number): Promise<void> {
  await enqueueJob(db, MAIL_JOB, { id: notificationId });
}

/** The language to write to a person in: theirs if they chose an interface language, else the site's. */
export function recipientLocale(ctx: ModuleContext, chosen: string | null): string {
  return chosen && ctx.languages.includes(chosen) ? chosen : DEFAULT_LOCALE;
}

/**
 * Mails a notification, when it runs: in the recipient's language, naming what it is about as
 * they may see it now, with a link that stops mails of its kind (and the RFC 8058 headers for a
 * one-click unsubscribe in the mail client). Nothing goes out when the notification is gone (read
 * or not, deleted with its content), the account is gone, or the recipient may no longer see the
 * content. (Its note was marked as mailed when the mail was queued: it is in no digest.)
 */
export async function sendNotificationMail(ctx: ModuleContext, payload: unknown): Promise<void> {
  const id = payload && typeof payload === 'object' ? (payload as { id?: unknown }).id : undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return;
  const note = await ctx.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!note) return;
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, note.user_id);
  const email = await accountAddress(ctx.db, note.user_id);
  if (!actor || !isSignedIn(actor) || !email) return;
  const locale = recipientLocale(ctx, actor.locale);
  let subject = note.subject;
  if (note.subject_type !== null && note.subject_id !== null && contentTypesOf(ctx.modules).has(note.subject_type)) {
    const named = await describeContent(
      ctx,
      [{ type: note.subject_type, id: note.subject_id }],
      await audienceOf(ctx, actor),
      locale,
      new Date(),
    );
    const content = named(note.subject_type, note.subject_id);
    if (!content) return;
    subject = content.title;
  }
  const { t } = ctx.i18n(locale);
  const unsubscribe = unsubscribeUrl(ctx.config, locale, note.user_id, note.kind);
  const values = {
    name: actor.displayName,
    site: t('core.site.name'),
    line: t(note.kind, { subject }),
    link: `${ctx.config.baseUrl}/${locale}${note.path}`,
    all: `${ctx.config.baseUrl}/${locale}/notifications`,
    settings: `${ctx.config.baseUrl}/${locale}/notifications/settings`,
    unsubscribe,
  };
  await ctx.mailer.send({
    to: email,
    lang: locale,
    subject: t('notifications.mail.subject', values),
    text: t('notifications.mail.body', values),
    headers: unsubscribeHeaders(unsubscribe),
  });
}

import { isSignedIn, type SignedIn } from '../../core/auth/actor.js';
import { nowIso } from '../../core/db/dialect.js';
import { enqueueJob, enqueueJobOnce } from '../../core/jobs/queue.js';
import type { ModuleContext, NotificationDelivery } from '../../core/module.js';
import { contentTypesOf, describeContent } from '../../core/module.js';
import { accountAddress } from '../accounts/index.js';
import { audienceOf, partnershipTitlesByIds } from '../partnerships/index.js';
import { declaredKinds, kindsDelivered, ownChoicesOf } from './notifications.delivery.js';
import { recipientLocale } from './notifications.mail.js';
import type { NotificationTable } from './notifications.schema.js';
import { unsubscribeHeaders, unsubscribeUrl } from './notifications.unsubscribe.js';

/**
 * Digests: the notes of the kinds a person gets daily (or weekly), gathered into one mail.
 *
 * - `notifications.digest` (`{ period, at, after? }`) is a recurring job: the daily one at
 *   `URBIS_DIGEST_HOUR` (UTC, 6 unless told) every day, the weekly one at the same hour on Mondays.
 *   `startJobs` queues the next of each once (`enqueueJobOnce`, whichever node asks); each run
 *   queues its own next run first, so that a failing run does not end them.
 * - A run goes through the people with notes not yet mailed in keyset batches of `DIGEST_BATCH`
 *   (by user id; each batch is its own job, `after` the last id of the one before), so that memory
 *   stays bounded however many people there are. For each person: the notes whose kind they get in
 *   this digest (their own choice, else the kind's default), made in the last `LOOKBACK_DAYS`, and
 *   of those the ones they may still see (content's visibility checked again, as the immediate mail
 *   does). None left: no mail. Else, in one transaction per batch, those notes are marked as mailed
 *   (`mailed_at`, only where it is still empty) and a mail is queued (`notifications.digest-mail`,
 *   `{ user, period, ids }`) with the notes this run marked: a note goes in one mail only, even when
 *   two runs overlap.
 * - The mail job writes the digest in the person's language: grouped by partnership (by title;
 *   notes of no partnership last), then by kind (in the order modules declare them), one line per
 *   item linking straight to it; the same item told twice (two notes with the same link) appears
 *   once. What the person may no longer see by then is left out; nothing left, no mail.
 */
export const DIGEST_JOB = 'notifications.digest';
export const DIGEST_MAIL_JOB = 'notifications.digest-mail';

/** People per batch of a digest run (one job each). */
export const DIGEST_BATCH = 200;
/**
 * Notes older than this go in no digest any more (a person who turns a kind from never to daily
 * gets no backlog); a run marks them settled.
 */
export const LOOKBACK_DAYS = 14;
/** Lines in one digest at most; more are counted ("and 12 more on your notifications page"). */
export const DIGEST_LINES = 100;

type Period = Extract<NotificationDelivery, 'daily' | 'weekly'>;
const PERIODS: readonly Period[] = ['daily', 'weekly'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const isPeriod = (value: unknown): value is Period => value === 'daily' || value === 'weekly';
const field = (payload: unknown, name: string): unknown =>
  payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;

/** The next time a digest of `period` is due after `now`: at `hour` UTC, every day or on Mondays. */
export function nextDigestAt(period: Period, hour: number, now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  while (at.getTime() <= now.getTime() || (period === 'weekly' && at.getUTCDay() !== 1)) at.setTime(at.getTime() + DAY);
  return at;
}

/** Queues the next run of a digest (once per run, whoever asks). */
export async function scheduleDigest(
  ctx: Pick<ModuleContext, 'db' | 'config'>,
  period: Period,
  now = new Date(),
): Promise<boolean> {
  const at = nextDigestAt(period, ctx.config.digestHour, now);
  return enqueueJobOnce(
    ctx.db,
    DIGEST_JOB,
    `${DIGEST_JOB}:${period}:${at.toISOString()}`,
    { period, at: at.getTime() },
    at,
  );
}

/** `startJobs`: the next daily and weekly digest. */
export async function startDigests(ctx: ModuleContext): Promise<void> {
  for (const period of PERIODS) await scheduleDigest(ctx, period);
}

type NoteRow = Pick<
  NotificationTable,
  'kind' | 'subject' | 'path' | 'subject_type' | 'subject_id' | 'partnership_id' | 'user_id'
> & { id: number };

/** A note as a digest shows it: its line in words and its link, within its partnership and kind. */
export interface DigestLine {
  id: number;
  kind: string;
  partnershipId: number | null;
  text: string;
  url: string;
}

/**
 * The lines a person's digest would hold of these notes, now: the notes about content they may no
 * longer see are left out, the others name it as it is now, in their language. Two notes with the
 * same link are one line (the later one's words).
 */
export async function digestLines(
  ctx: ModuleContext,
  reader: SignedIn,
  locale: string,
  notes: readonly NoteRow[],
): Promise<DigestLine[]> {
  const types = contentTypesOf(ctx.modules);
  const about = notes.flatMap((n) =>
    n.subject_type !== null && n.subject_id !== null && types.has(n.subject_type)
      ? [{ type: n.subject_type, id: n.subject_id }]
      : [],
  );
  const named =
    about.length > 0 ? await describeContent(ctx, about, await audienceOf(ctx, reader), locale, new Date()) : null;
  const { t } = ctx.i18n(locale);
  const byLink = new Map<string, DigestLine>();
  for (const note of [...notes].sort((a, b) => a.id - b.id)) {
    let subject = note.subject;
    if (named && note.subject_type !== null && note.subject_id !== null && types.has(note.subject_type)) {
      const content = named(note.subject_type, note.subject_id);
      if (!content) continue;
      subject = content.title;
    }
    byLink.delete(note.path);
    byLink.set(note.path, {
      id: note.id,
      kind: note.kind,
      partnershipId: note.partnership_id,
      text: t(note.kind, { subject }),
      url: `${ctx.config.baseUrl}/${locale}${note.path}`,
    });
  }
  return [...byLink.values()];
}

/** A person as a digest needs them: who they are (for what they may see) and where to write. */
async function recipient(ctx: ModuleContext, userId: number) {
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, userId);
  if (!actor || !isSignedIn(actor)) return null;
  const email = await accountAddress(ctx.db, userId);
  return email ? { actor, email, locale: recipientLocale(ctx, actor.locale) } : null;
}

/**
 * One batch of a digest run: the next `limit` people (by id, after `after`) with notes not yet
 * mailed; for each, the notes of this digest they may see are marked as mailed and a mail is
 * queued, in one transaction for the batch. Returns the last person looked at (the next batch
 * starts after them; null when there is none) and how many mails were queued.
 */
export async function buildDigestBatch(
  ctx: ModuleContext,
  period: Period,
  after: number,
  limit = DIGEST_BATCH,
  now = new Date(),
): Promise<{ next: number | null; queued: number }> {
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY).toISOString();
  const people = (
    await ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('mailed_at', 'is', null)
      .where('user_id', '>', after)
      .groupBy('user_id')
      .orderBy('user_id')
      .limit(limit)
      .execute()
  ).map((r) => r.user_id);
  if (people.length === 0) return { next: null, queued: 0 };
  const kinds = declaredKinds(ctx.modules);
  const choices = await ownChoicesOf(ctx.db, people);
  const rows = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind', 'subject', 'path', 'subject_type', 'subject_id', 'partnership_id'])
    .where('mailed_at', 'is', null)
    .where('user_id', 'in', people)
    .where('created_at', '>=', since)
    .orderBy('user_id')
    .orderBy('id')
    .execute();
  const byPerson = new Map<number, NoteRow[]>();
  const wanted = new Map<number, Set<string>>();
  for (const row of rows) {
    let kindsOfPerson = wanted.get(row.user_id);
    if (!kindsOfPerson) {
      kindsOfPerson = new Set(kindsDelivered(kinds, choices.get(row.user_id) ?? new Map(), period));
      wanted.set(row.user_id, kindsOfPerson);
    }
    if (!kindsOfPerson.has(row.kind)) continue;
    const list = byPerson.get(row.user_id);
    if (list) list.push(row);
    else byPerson.set(row.user_id, [row]);
  }
  // Decided before the transaction (on SQLite a read outside it would wait for it).
  const mails: { user: number; ids: number[] }[] = [];
  for (const [user, notes] of byPerson) {
    const to = await recipient(ctx, user);
    if (!to) continue;
    const lines = await digestLines(ctx, to.actor, to.locale, notes);
    if (lines.length === 0) continue;
    // Every note of the lines' items goes (a note of the same item told twice too): none comes again.
    const links = new Set(lines.map((l) => l.url));
    const ids = notes.filter((n) => links.has(`${ctx.config.baseUrl}/${to.locale}${n.path}`)).map((n) => n.id);
    mails.push({ user, ids });
  }
  let queued = 0;
  if (mails.length > 0)
    await ctx.db.transaction().execute(async (trx) => {
      const at = nowIso();
      for (const mail of mails) {
        const marked = await trx
          .updateTable('notifications')
          .set({ mailed_at: at })
          .where('id', 'in', mail.ids)
          .where('user_id', '=', mail.user)
          .where('mailed_at', 'is', null)
          .returning('id')
          .execute();
        if (marked.length === 0) continue;
        await enqueueJob(trx, DIGEST_MAIL_JOB, { user: mail.user, period, ids: marked.map((m) => m.id) });
        queued += 1;
      }
    });
  return { next: people.length < limit ? null : people.at(-1)!, queued };
}

/**
 * A run of a digest (`notifications.digest`): its next run first (when it is the run's first
 * batch), then one batch, then the next batch as a job of its own. Notes too old for any digest
 * are settled on the first batch (marked, never to be mailed), so that the notes waiting stay few.
 */
export async function runDigest(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const period = field(payload, 'period');
  const at = whole(field(payload, 'at'));
  if (!isPeriod(period) || at === null) return;
  const after = whole(field(payload, 'after'));
  if (after === null) {
    await scheduleDigest(ctx, period, new Date(Math.max(now.getTime(), at)));
    await ctx.db
      .updateTable('notifications')
      .set({ mailed_at: nowIso() })
      .where('mailed_at', 'is', null)
      .where('created_at', '<', new Date(now.getTime() - LOOKBACK_DAYS * DAY).toISOString())
      .execute();
  }
  const { next } = await buildDigestBatch(ctx, period, after ?? 0, DIGEST_BATCH, now);
  if (next !== null)
    await enqueueJobOnce(ctx.db, DIGEST_JOB, `${DIGEST_JOB}:${period}:${at}:${next}`, { period, at, after: next });
}

/**
 * Writes and sends one person's digest (`notifications.digest-mail`): the notes it was queued with,
 * as the person may see them now, grouped by partnership, then kind. Nothing left: no mail.
 */
export async function sendDigestMail(ctx: ModuleContext, payload: unknown): Promise<void> {
  const user = whole(field(payload, 'user'));
  const period = field(payload, 'period');
  const rawIds = field(payload, 'ids');
  if (user === null || !isPeriod(period) || !Array.isArray(rawIds)) return;
  const ids = rawIds.filter((id): id is number => whole(id) !== null).slice(0, 10_000);
  if (ids.length === 0) return;
  const to = await recipient(ctx, user);
  if (!to) return;
  const notes = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind', 'subject', 'path', 'subject_type', 'subject_id', 'partnership_id'])
    .where('user_id', '=', user)
    .where('id', 'in', ids)
    .execute();
  const lines = await digestLines(ctx, to.actor, to.locale, notes);
  if (lines.length === 0) return;
  const mail = await writeDigest(ctx, to.actor, to.locale, period, lines);
  const unsubscribe = unsubscribeUrl(ctx.config, to.locale, user, period);
  await ctx.mailer.send({
    to: to.email,
    lang: to.locale,
    subject: mail.subject,
    text: `${mail.body}\n${ctx.i18n(to.locale).t('notifications.digest.footer', { ...mail.values, unsubscribe })}`,
    headers: unsubscribeHeaders(unsubscribe),
  });
}

/** The digest's words: its subject and its body (before the footer), grouped by partnership and then kind. */
async function writeDigest(
  ctx: ModuleContext,
  reader: SignedIn,
  locale: string,
  period: Period,
  lines: readonly DigestLine[],
) {
  const { t } = ctx.i18n(locale);
  const kindOrder = new Map([...declaredKinds(ctx.modules).keys()].map((k, i) => [k, i]));
  const partnershipIds = [...new Set(lines.flatMap((l) => (l.partnershipId === null ? [] : [l.partnershipId])))];
  const titles = await partnershipTitlesByIds(ctx.db, locale, partnershipIds);
  const collator = new Intl.Collator(locale);
  const groups = new Map<string, { title: string; order: number; lines: DigestLine[] }>();
  for (const line of lines) {
    const title = line.partnershipId === null ? undefined : titles.get(line.partnershipId)?.title;
    const key = title === undefined ? '' : String(line.partnershipId);
    let group = groups.get(key);
    if (!group)
      groups.set(
        key,
        (group = {
          title: title ?? t('notifications.digest.elsewhere', { site: t('core.site.name') }),
          order: title === undefined ? 1 : 0,
          lines: [],
        }),
      );
    group.lines.push(line);
  }
  const ordered = [...groups.values()].sort((a, b) => a.order - b.order || collator.compare(a.title, b.title));
  const byKind = (a: DigestLine, b: DigestLine) =>
    (kindOrder.get(a.kind) ?? Number.MAX_SAFE_INTEGER) - (kindOrder.get(b.kind) ?? Number.MAX_SAFE_INTEGER) ||
    a.kind.localeCompare(b.kind) ||
    a.id - b.id;
  // Plain text: a partnership's title underlined, then each kind's label and its lines.
  const text: string[] = [];
  let shown = 0;
  for (const group of ordered) {
    if (shown >= DIGEST_LINES) break;
    text.push(group.title, '='.repeat(Math.min(60, Math.max(3, [...group.title].length))));
    let kind: string | null = null;
    for (const line of group.lines.sort(byKind)) {
      if (shown >= DIGEST_LINES) break;
      if (line.kind !== kind) {
        kind = line.kind;
        const label = t(`${line.kind}.setting`);
        text.push('', `${label === `${line.kind}.setting` ? line.kind : label}:`);
      }
      text.push(`  - ${line.text}`, `    ${line.url}`);
      shown += 1;
    }
    text.push('');
  }
  const values = {
    name: reader.displayName,
    site: t('core.site.name'),
    period,
    count: lines.length,
    all: `${ctx.config.baseUrl}/${locale}/notifications`,
    settings: `${ctx.config.baseUrl}/${locale}/notifications/settings`,
  };
  const more = lines.length - shown;
  if (more > 0) text.push(t('notifications.digest.more', { count: more }), '');
  const body = `${t('notifications.digest.intro', values)}\n\n${text.join('\n')}`;
  return { subject: t('notifications.digest.subject', values), body, values };
}

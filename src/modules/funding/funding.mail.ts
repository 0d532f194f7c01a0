import type { Kysely } from 'kysely';
import { isSignedIn } from '../../core/auth/actor.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.js';
import { enqueueJobOnce } from '../../core/jobs/queue.js';
import type { ModuleContext } from '../../core/module.js';
import { accountAddress } from '../accounts/index.js';
import { followersOf, type FollowReasons } from './funding.follow.js';
import { readerOf } from './funding.lookup.js';
import { maySee } from './funding.policy.js';
import { findOpportunity, type Opportunity } from './funding.queries.js';
import { nextDeadline } from './funding.status.js';

type Db = Kysely<Database>;

/**
 * Mails about what people follow in the register, through the job queue:
 *
 * - **published**: an item is published (added as published, or a suggestion accepted): its
 *   followers, and those of its programme and of each of its topics, hear of it once;
 * - **changed**: a published item gets a new version: its own followers hear of it, once per
 *   version (a version superseded before its mail went out is left for the newer one's);
 * - **opened**: a followed item's opening passes (followed before it opened; found by the sweep);
 * - **closing**: a followed item's deadline is `URBIS_FUNDING_CLOSING_SOON_DAYS` away or less:
 *   one mail per deadline (found by the sweep).
 *
 * The first two are queued by `queueFollowMails`, which `createOpportunity` / `changeOpportunity`
 * call inside their transaction (the job exists if and only if the change commits; nothing is
 * queued when nobody follows). The sweep (`funding.follow-sweep`) runs every hour and queues its
 * own next run first. Each queues one mail job per person (`funding.follow-mail`, keyed, so asking
 * twice queues once); the mail job checks everything again as it is now (the item still
 * published and as the mail says, the person still following it and allowed to see it by the
 * register's one rule), writes its key to `funding_mail_log` and sends, in the person's language,
 * taking the key back when sending fails (for the queue's retry): never twice.
 */
export const ITEM_JOB = 'funding.follow-item';
export const SWEEP_JOB = 'funding.follow-sweep';
export const MAIL_JOB = 'funding.follow-mail';

export const MAIL_KINDS = ['published', 'changed', 'opened', 'closing'] as const;
export type FollowMailKind = (typeof MAIL_KINDS)[number];

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** An opening is told for this long after it passed (a node down for a while catches up), not later. */
const OPENED_WITHIN = 2 * DAY;

/** Is anyone following this item (`scope` 'item'), or also its programme or topics ('all')? */
async function anyFollower(db: Db, item: Opportunity, scope: 'item' | 'all'): Promise<boolean> {
  return (await followersOf(db, item, scope)).size > 0;
}

/**
 * After an item was added or changed, in the same transaction (`db` is it): a newly published item
 * is told to whoever follows it, its programme or its topics; a new version of a published one to
 * its followers. Nothing is queued when nobody follows (imports of thousands of rows stay cheap).
 */
export async function queueFollowMails(db: Db, before: Opportunity | null, after: Opportunity): Promise<void> {
  if (after.state !== 'published') return;
  if (before === null || before.state !== 'published') {
    if (await anyFollower(db, after, 'all'))
      await enqueueJobOnce(db, ITEM_JOB, `${ITEM_JOB}:published:${after.id}`, {
        opportunity: after.id,
        kind: 'published',
        mark: '',
      });
  } else if (after.version !== before.version && (await anyFollower(db, after, 'item'))) {
    await enqueueJobOnce(db, ITEM_JOB, `${ITEM_JOB}:changed:${after.id}:${after.version}`, {
      opportunity: after.id,
      kind: 'changed',
      mark: String(after.version),
    });
  }
}

/** The next sweep, at the start of the next hour (once per hour, whichever node asks). */
export async function scheduleSweep(db: Db, now = new Date()): Promise<boolean> {
  const next = Math.floor(now.getTime() / HOUR) + 1;
  return enqueueJobOnce(db, SWEEP_JOB, `${SWEEP_JOB}:${next}`, { hour: next }, new Date(next * HOUR));
}

/** A mail job as queued: about which item, what, the mark that tells one such mail from another, to whom. */
interface MailJob {
  opportunity: number;
  kind: FollowMailKind;
  /** '' (published), the version (changed), the opening instant (opened), the deadline (closing). */
  mark: string;
  user: number | null;
}

const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

function readJob(payload: unknown): MailJob | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const opportunity = whole(p.opportunity);
  const kind = p.kind as FollowMailKind;
  if (opportunity === null || !MAIL_KINDS.includes(kind) || typeof p.mark !== 'string') return null;
  return { opportunity, kind, mark: p.mark, user: whole(p.user) };
}

const mailKey = (job: MailJob, user: number) => `${MAIL_JOB}:${job.kind}:${job.opportunity}:${job.mark}:${user}`;

/** Is a mail of this kind still true of the item as it is now? */
function stillDue(item: Opportunity | null, job: MailJob, now: Date): item is Opportunity {
  if (!item || item.state !== 'published') return false;
  switch (job.kind) {
    case 'published':
      return true;
    case 'changed':
      return String(item.version) === job.mark;
    case 'opened':
      return sameInstant(item.opensAt, job.mark) && Date.parse(job.mark) <= now.getTime() && !closed(item, now);
    case 'closing':
      return item.deadlines.some((d) => sameInstant(d.at, job.mark)) && Date.parse(job.mark) > now.getTime();
  }
}

const sameInstant = (a: string | null, b: string) => a !== null && Date.parse(a) === Date.parse(b);

const closed = (item: Opportunity, now: Date) => {
  const last = item.deadlines.at(-1);
  return last !== undefined && Date.parse(last.at) <= now.getTime();
};

/** Who is told: for a published item its, its programme's and its topics' followers; else its own. */
const scopeOf = (kind: FollowMailKind) => (kind === 'published' ? 'all' : 'item');

/** An item's job: one mail job per person who follows what it is about (each queued once). */
async function fanOut(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const job = readJob(payload);
  if (!job) return;
  const item = await findOpportunity(ctx.db, job.opportunity);
  if (!stillDue(item, job, now)) return;
  for (const user of (await followersOf(ctx.db, item, scopeOf(job.kind))).keys())
    await enqueueJobOnce(ctx.db, MAIL_JOB, mailKey(job, user), { ...job, user });
}

/**
 * The sweep: its next run first, then a mail job for each follower of an item that opened within
 * the last two days (followed before it opened), and for each follower of an item with a deadline
 * within the closing-soon days (one per deadline).
 */
export async function sweep(ctx: ModuleContext, now = new Date()): Promise<number> {
  await scheduleSweep(ctx.db, now);
  const at = now.toISOString();
  const opened = await ctx.db
    .selectFrom('funding_follows as f')
    .innerJoin('funding_opportunities as o', 'o.id', 'f.target_id')
    .select(['f.user_id', 'o.id', 'o.opens_at'])
    .where('f.target_type', '=', 'item')
    .where('o.state', '=', 'published')
    .where('o.opens_at', 'is not', null)
    .where('o.opens_at', '<=', at)
    .where('o.opens_at', '>', new Date(now.getTime() - OPENED_WITHIN).toISOString())
    .whereRef('f.created_at', '<', 'o.opens_at')
    .where((eb) => eb.or([eb('o.closes_at', 'is', null), eb('o.closes_at', '>', at)]))
    .orderBy('o.id')
    .orderBy('f.user_id')
    .execute();
  const closing = await ctx.db
    .selectFrom('funding_follows as f')
    .innerJoin('funding_opportunities as o', 'o.id', 'f.target_id')
    .innerJoin('funding_deadlines as d', 'd.opportunity_id', 'o.id')
    .select(['f.user_id', 'o.id', 'd.at'])
    .where('f.target_type', '=', 'item')
    .where('o.state', '=', 'published')
    .where('d.at', '>', at)
    .where('d.at', '<=', new Date(now.getTime() + ctx.config.fundingClosingSoonDays * DAY).toISOString())
    .orderBy('o.id')
    .orderBy('d.at')
    .orderBy('f.user_id')
    .execute();
  const jobs: MailJob[] = [
    ...opened.map((r) => ({
      opportunity: r.id,
      kind: 'opened' as const,
      mark: new Date(r.opens_at!).toISOString(),
      user: r.user_id,
    })),
    ...closing.map((r) => ({
      opportunity: r.id,
      kind: 'closing' as const,
      mark: new Date(r.at).toISOString(),
      user: r.user_id,
    })),
  ];
  for (const job of jobs) await enqueueJobOnce(ctx.db, MAIL_JOB, mailKey(job, job.user!), job);
  return jobs.length;
}

/** Does the person (still) follow the item, or for a published item its programme or a topic? */
function follows(reasons: FollowReasons | undefined, kind: FollowMailKind): reasons is FollowReasons {
  if (!reasons) return false;
  return kind === 'published' ? reasons.item || reasons.programme || reasons.topics.length > 0 : reasons.item;
}

/** One person's mail about an item they follow, in their language, at most once. */
export async function sendFollowMail(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const job = readJob(payload);
  if (!job || job.user === null) return;
  const user = job.user;
  const item = await findOpportunity(ctx.db, job.opportunity);
  if (!stillDue(item, job, now)) return;
  const reasons = (await followersOf(ctx.db, item, scopeOf(job.kind))).get(user);
  if (!follows(reasons, job.kind)) return;
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, user);
  const email = await accountAddress(ctx.db, user);
  if (!actor || !isSignedIn(actor) || !email) return;
  // The register's one rule, read fresh: a published item everyone may see, but say so here too.
  if (!maySee(await readerOf(ctx, actor), item)) return;

  // The key first: whatever runs this job again finds it and sends nothing.
  const key = mailKey(job, user);
  const claimed = await ctx.db
    .insertInto('funding_mail_log')
    .values({ key, user_id: user, sent_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return;

  const locale = actor.locale && ctx.languages.includes(actor.locale) ? actor.locale : DEFAULT_LOCALE;
  try {
    await ctx.mailer.send({
      to: email,
      lang: locale,
      ...(await mailText(ctx, locale, actor.displayName, item, job, reasons, now)),
    });
  } catch (error) {
    // Not sent: the key goes, so the queue's retry (with back-off) can send it.
    await ctx.db.deleteFrom('funding_mail_log').where('key', '=', key).execute();
    throw error;
  }
}

/** The subject and text of a mail, in `locale`; the item's own words stay in its language. */
async function mailText(
  ctx: ModuleContext,
  locale: string,
  name: string,
  item: Opportunity,
  job: MailJob,
  reasons: FollowReasons,
  now: Date,
): Promise<{ subject: string; text: string }> {
  const i18n = ctx.i18n(locale);
  const { t } = i18n;
  const zoned = i18n.inZone(item.timeZone);
  const base = `${ctx.config.baseUrl.replace(/\/$/, '')}/${locale}`;
  const why: string[] = [];
  if (job.kind === 'published') {
    if (reasons.item) why.push(t('funding.follow.mail.because.item'));
    if (reasons.programme && item.programme)
      why.push(t('funding.follow.mail.because.programme', { programme: item.programme.name }));
    if (reasons.topics.length)
      why.push(
        t('funding.follow.mail.because.topics', {
          topics: await topicNames(ctx.db, reasons.topics, locale),
          count: reasons.topics.length,
        }),
      );
  } else why.push(t('funding.follow.mail.because.item'));
  const next = nextDeadline(item, now);
  const dates = [
    item.opensAt ? t('funding.follow.mail.opens', { date: zoned.dateTime(item.opensAt, 'long') }) : null,
    next
      ? t('funding.follow.mail.deadline', {
          date: zoned.dateTime(next.at, 'long'),
          label: next.label,
          labelled: next.label ? 'yes' : 'no',
        })
      : item.deadlines.length === 0
        ? t('funding.follow.mail.noDeadline')
        : null,
  ].filter((line): line is string => line !== null);
  const explained = job.kind === 'changed' ? await explanationOf(ctx.db, item.id, Number(job.mark)) : '';
  const closingLabel =
    job.kind === 'closing' ? (item.deadlines.find((d) => sameInstant(d.at, job.mark))?.label ?? '') : '';
  const values = {
    name,
    site: t('core.site.name'),
    title: item.title,
    summary: item.summary,
    dates: dates.join('\n'),
    why: why.join(' '),
    link: `${base}/funding/${item.id}`,
    manage: `${base}/funding/following`,
    note: explained ? ` ${t('funding.follow.mail.explanation', { explanation: explained })}` : '',
    deadline: job.kind === 'closing' ? zoned.dateTime(job.mark, 'long') : '',
    label: closingLabel,
    labelled: closingLabel ? 'yes' : 'no',
  };
  return {
    subject: t(`funding.follow.mail.${job.kind}.subject`, values),
    text: `${t(`funding.follow.mail.${job.kind}.body`, values)}\n\n${t('funding.follow.mail.footer', values)}\n`,
  };
}

/** The names of topics (tags) in `locale`, else English, else their slug, joined with commas. */
async function topicNames(db: Db, tagIds: number[], locale: string): Promise<string> {
  const tags = await db.selectFrom('tags').select(['id', 'slug']).where('id', 'in', tagIds).orderBy('slug').execute();
  const labels = await db
    .selectFrom('tag_labels')
    .select(['tag_id', 'lang', 'label'])
    .where('tag_id', 'in', tagIds)
    .execute();
  return tags
    .map((tag) => {
      const own = labels.filter((l) => l.tag_id === tag.id);
      return (own.find((l) => l.lang === locale) ?? own.find((l) => l.lang === 'en') ?? own[0])?.label ?? tag.slug;
    })
    .join(', ');
}

/** Why a version was made, as its editor said ('' when they did not). */
async function explanationOf(db: Db, opportunityId: number, version: number): Promise<string> {
  const row = await db
    .selectFrom('funding_versions')
    .select('explanation')
    .where('opportunity_id', '=', opportunityId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.explanation ?? '';
}

/** The job handlers of following (`clock`: the time they take as now; tests pass their own). */
export function followJobs(
  ctx: ModuleContext,
  clock: () => Date = () => new Date(),
): Record<string, (payload: unknown) => Promise<void>> {
  return {
    [ITEM_JOB]: (payload) => fanOut(ctx, payload, clock()),
    [SWEEP_JOB]: async () => {
      await sweep(ctx, clock());
    },
    [MAIL_JOB]: (payload) => sendFollowMail(ctx, payload, clock()),
  };
}

/** When a node starts serving: the next sweep (once, whichever node asks). */
export async function startFollowJobs(ctx: ModuleContext): Promise<void> {
  await scheduleSweep(ctx.db);
}

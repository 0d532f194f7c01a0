import type { Kysely } from 'kysely';
import { isSignedIn } from '../../core/auth/actor.js';
import type { Config } from '../../core/config.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.js';
import { enqueueJobOnce } from '../../core/jobs/queue.js';
import type { ModuleContext } from '../../core/module.js';
import { accountAddress } from '../accounts/index.js';
import { confirmedPeople } from '../organisations/index.js';
import { findPartnershipWithId, partnershipSlugsByIds, standingIn } from '../partnerships/index.js';
import { mayUpdateAction } from './actions.lookup.js';
import { actionPath } from './actions.present.js';
import { findActionById, type Action } from './actions.queries.js';

type Db = Kysely<Database>;

/** The log of reminders mailed: a key per action, state and person, written before the mail goes out. */
export interface ActionMailLogTable {
  key: string;
  user_id: number;
  sent_at: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    action_mail_log: ActionMailLogTable;
  }
}

/**
 * Update reminders to action leads, through the job queue:
 *
 * - every `URBIS_ACTION_REMINDER_DAYS` (7; 0: never) a sweep (`actions.remind`) finds the actions
 *   still under way (planned, in progress, delayed) that are **stale** (not updated for
 *   `URBIS_ACTION_STALE_DAYS`, 90, and started) or have a **late** deliverable (due before today,
 *   not completed or cancelled), and queues one job per action (`actions.reminder`); it queues its
 *   own next run first, so that a failing sweep does not end them. `startJobs` queues the first
 *   when a node starts serving;
 * - an action's job works out its **state** (its latest version, stale or not, which deliverables
 *   are late) and queues a mail per lead (`actions.reminder-mail`): the partnership's members whose
 *   affiliation with one of its lead organisations is confirmed (`mayUpdate`'s rule);
 * - the mail job checks all of it again, writes its key (action, state, person) to
 *   `action_mail_log` and sends, in the person's language (taking the key back if sending fails).
 *
 * So a lead is asked once per state: again only once the action was updated (a new version) and
 * fell stale again, or another deliverable fell late. There is no per-person choice of mail yet
 * (notifications has none); the mail says why it comes.
 */
export const SWEEP_JOB = 'actions.remind';
export const ACTION_JOB = 'actions.reminder';
export const MAIL_JOB = 'actions.reminder-mail';

const DAY = 86_400_000;
const UNDER_WAY = ['planned', 'in_progress', 'delayed'] as const;
const OPEN_WORK = ['planned', 'in_progress', 'delayed'] as const;

type Settings = Pick<Config, 'actionReminderDays' | 'actionStaleDays'>;

/** The next sweep, at the start of the next period (once per period, whoever asks); none when off. */
export async function scheduleSweep(db: Db, config: Settings, now = new Date()): Promise<boolean> {
  if (config.actionReminderDays === 0) return false;
  const period = config.actionReminderDays * DAY;
  const next = Math.floor(now.getTime() / period) + 1;
  return enqueueJobOnce(
    db,
    SWEEP_JOB,
    `${SWEEP_JOB}:${config.actionReminderDays}:${next}`,
    { period: next },
    new Date(next * period),
  );
}

/** Today as the plan writes dates (UTC). */
const today = (now: Date) => now.toISOString().slice(0, 10);

/** What a lead is asked about: stale since when, which deliverables are late; null: nothing. */
export interface ReminderState {
  /** Its key: the latest version, stale or not, the positions of the late deliverables. */
  key: string;
  stale: boolean;
  late: { position: number; title: string; dueOn: string }[];
}

/** The state of an action that its leads would be asked about now; null when there is none. */
export async function reminderState(
  db: Db,
  config: Settings,
  action: Action,
  now = new Date(),
): Promise<ReminderState | null> {
  if (!(UNDER_WAY as readonly string[]).includes(action.status)) return null;
  const day = today(now);
  const started = action.startsOn === null || action.startsOn <= day;
  const stale = started && Date.parse(action.updatedAt) < now.getTime() - config.actionStaleDays * DAY;
  const [late, last] = await Promise.all([
    db
      .selectFrom('action_deliverables')
      .select(['position', 'title', 'due_on'])
      .where('action_id', '=', action.id)
      .where('due_on', '<', day)
      .where('status', 'in', [...OPEN_WORK])
      .orderBy('position')
      .execute(),
    db
      .selectFrom('action_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('action_id', '=', action.id)
      .executeTakeFirst(),
  ]);
  if (!stale && late.length === 0) return null;
  const version = Number(last?.v ?? 0);
  const lateKey = late.length > 0 ? `:late-${late.map((d) => d.position).join('.')}` : '';
  return {
    key: `v${version}${stale ? ':stale' : ''}${lateKey}`,
    stale,
    late: late.map((d) => ({ position: Number(d.position), title: d.title, dueOn: d.due_on ?? '' })),
  };
}

/** The sweep: its next run first, then a job for each action under way that is stale or has a late deliverable. */
export async function sweep(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<number> {
  await scheduleSweep(ctx.db, ctx.config, now);
  if (ctx.config.actionReminderDays === 0) return 0;
  const period = payload && typeof payload === 'object' ? (payload as { period?: unknown }).period : undefined;
  const run = typeof period === 'number' && Number.isSafeInteger(period) ? period : Math.floor(now.getTime() / DAY);
  const cutoff = new Date(now.getTime() - ctx.config.actionStaleDays * DAY).toISOString();
  const day = today(now);
  const due = await ctx.db
    .selectFrom('actions')
    .select('id')
    .where('status', 'in', [...UNDER_WAY])
    .where((eb) =>
      eb.or([
        eb('updated_at', '<', cutoff),
        eb.exists(
          eb
            .selectFrom('action_deliverables as d')
            .select('d.id')
            .whereRef('d.action_id', '=', 'actions.id')
            .where('d.due_on', '<', day)
            .where('d.status', 'in', [...OPEN_WORK]),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  for (const { id } of due) await enqueueJobOnce(ctx.db, ACTION_JOB, `${ACTION_JOB}:${id}:${run}`, { action: id });
  return due.length;
}

const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
const field = (payload: unknown, name: string): unknown =>
  payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;

/** The people an action's leads' mails go to: those whose affiliation with a lead organisation is confirmed. */
async function leadPeople(db: Db, actionId: number): Promise<number[]> {
  const leads = await db
    .selectFrom('action_organisations')
    .select('organisation_id')
    .where('action_id', '=', actionId)
    .where('role', '=', 'lead')
    .execute();
  const people = await Promise.all(leads.map((l) => confirmedPeople(db, l.organisation_id)));
  return [...new Set(people.flat())].sort((a, b) => a - b);
}

const mailKey = (action: number, state: string, user: number) => `${MAIL_JOB}:${action}:${state}:${user}`;

/** An action's job: its state now, and a mail job for each lead (each queued once per state). */
export async function remindLeads(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const id = whole(field(payload, 'action'));
  const action = id === null ? null : await findActionById(ctx.db, id);
  if (!action) return;
  const state = await reminderState(ctx.db, ctx.config, action, now);
  if (!state) return;
  for (const user of await leadPeople(ctx.db, action.id)) {
    await enqueueJobOnce(ctx.db, MAIL_JOB, mailKey(action.id, state.key, user), {
      action: action.id,
      state: state.key,
      user,
    });
  }
}

/** One lead's reminder, in their language, at most once per action and state. */
export async function sendReminder(ctx: ModuleContext, payload: unknown, now = new Date()): Promise<void> {
  const id = whole(field(payload, 'action'));
  const user = whole(field(payload, 'user'));
  const asked = field(payload, 'state');
  if (id === null || user === null || typeof asked !== 'string') return;
  const action = await findActionById(ctx.db, id);
  if (!action) return;
  // About the action as it is now: a state that has changed since has its own mail (or none).
  const state = await reminderState(ctx.db, ctx.config, action, now);
  if (!state || state.key !== asked) return;
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, user);
  const email = await accountAddress(ctx.db, user);
  if (!actor || !isSignedIn(actor) || !email) return;
  // Still a lead: a member of the partnership whose affiliation with a lead organisation is confirmed.
  const standing = await standingIn(ctx, action.partnershipId, actor);
  if (standing.role === null || !(await leadPeople(ctx.db, action.id)).includes(user)) return;
  if (!(await mayUpdateAction(ctx, standing, action))) return;
  const slug = (await partnershipSlugsByIds(ctx.db, [action.partnershipId])).get(action.partnershipId);
  if (!slug) return;

  // The key first: whatever runs this job again finds it and sends nothing.
  const key = mailKey(action.id, state.key, user);
  const claimed = await ctx.db
    .insertInto('action_mail_log')
    .values({ key, user_id: user, sent_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return;

  const locale = actor.locale && ctx.languages.includes(actor.locale) ? actor.locale : DEFAULT_LOCALE;
  const i18n = ctx.i18n(locale);
  const partnership = await findPartnershipWithId(ctx.db, locale, slug);
  const base = ctx.config.baseUrl.replace(/\/$/, '');
  const planDate = (date: string) => i18n.inZone('UTC').date(`${date}T12:00:00Z`, 'medium');
  const values = {
    name: actor.displayName,
    site: i18n.t('core.site.name'),
    action: i18n.t('actions.numbered', { number: action.number }),
    title: action.title,
    partnership: partnership?.partnership.title ?? slug,
    stale: state.stale ? 'yes' : 'no',
    updated: i18n.date(action.updatedAt, 'medium'),
    late: state.late.length,
    deliverables: state.late
      .map((d) => i18n.t('actions.mail.reminder.deliverable', { title: d.title, due: planDate(d.dueOn) }))
      .join('; '),
    link: `${base}/${locale}${actionPath(slug, action.number)}/update`,
  };
  try {
    await ctx.mailer.send({
      to: email,
      lang: locale,
      subject: i18n.t('actions.mail.reminder.subject', values),
      text: i18n.t('actions.mail.reminder.body', values),
    });
  } catch (error) {
    // Not sent: the key goes, so the queue's retry (with back-off) can send it.
    await ctx.db.deleteFrom('action_mail_log').where('key', '=', key).execute();
    throw error;
  }
}

/** The module's job handlers. */
export function reminderJobs(ctx: ModuleContext): Record<string, (payload: unknown) => Promise<void>> {
  return {
    [SWEEP_JOB]: async (payload) => {
      await sweep(ctx, payload);
    },
    [ACTION_JOB]: (payload) => remindLeads(ctx, payload),
    [MAIL_JOB]: (payload) => sendReminder(ctx, payload),
  };
}

/** When a node starts serving: the next sweep, if reminders are on (once, whichever node asks). */
export async function startReminders(ctx: ModuleContext): Promise<void> {
  await scheduleSweep(ctx.db, ctx.config);
}

import type { Kysely } from 'kysely';
import { isSignedIn, type Actor } from '../../core/auth/actor.js';
import type { Database } from '../../core/db/types.js';
import { enqueueJob, enqueueJobOnce } from '../../core/jobs/queue.js';
import {
  contentTypesOf,
  VISITORS,
  type ContentAudience,
  type ContentRef,
  type ModuleContext,
} from '../../core/module.js';
import { notify } from '../notifications/index.js';
import {
  allFollowsOf,
  deleteFollow,
  deleteFollowsOf,
  eraseFollowsOf,
  followedSince,
  followersOfAny,
  followsOf,
  insertFollow,
} from './follows.queries.js';
import { FOLLOW_TYPES, isFollowType, type FollowedJson, type FollowRef, type FollowType } from './follows.schema.js';

type Db = Kysely<Database>;

/** The job that tells the followers of something what happened (`tellFollowers`). */
export const TELL_JOB = 'follows.tell';
/** Followers told per job: the next ones get a job of their own (bounded memory and time per job). */
export const TELL_BATCH = 200;
/** Follows listed per page of what one follows. */
export const FOLLOWS_PAGE = 100;

/** What the reader may see of content: the module that provides it (partnerships) says, fresh. */
export async function audienceFor(ctx: ModuleContext, actor: Actor): Promise<ContentAudience> {
  if (!isSignedIn(actor)) return VISITORS;
  const provider = ctx.modules.find((m) => m.audienceOf);
  return provider?.audienceOf
    ? provider.audienceOf(ctx, actor)
    : { membersOf: actor.isAdmin ? 'all' : [], editorOf: actor.isAdmin ? 'all' : [], userId: actor.id };
}

/**
 * Names things of one type as `audience` may see them: a module's `followables` (partnership, tag,
 * person), else the content type's one visibility rule (action, meeting, opportunity). An id missing
 * from the answer is not there, or not for this audience.
 */
async function describe(
  ctx: ModuleContext,
  type: FollowType,
  ids: readonly number[],
  audience: ContentAudience,
  locale: string,
): Promise<Map<number, ContentRef>> {
  if (ids.length === 0) return new Map();
  for (const module of ctx.modules) {
    const followable = module.followables?.[type];
    if (followable) return followable.describe(ctx, ids, audience, locale);
  }
  const content = contentTypesOf(ctx.modules).get(type);
  return content ? content.describe(ctx, ids, audience, locale, new Date()) : new Map();
}

/** A thing `actor` may follow (one they may see), named in `locale`; null: a 404. */
export async function findFollowable(
  ctx: ModuleContext,
  actor: Actor,
  ref: FollowRef,
  locale: string,
): Promise<ContentRef | null> {
  const named = await describe(ctx, ref.type, [ref.id], await audienceFor(ctx, actor), locale);
  return named.get(ref.id) ?? null;
}

/** Follows (once). Returns whether this call added it. The caller checked that the person may see it. */
export const follow = (db: Db, userId: number, ref: FollowRef): Promise<boolean> => insertFollow(db, userId, ref);

/** Stops following. Returns whether it was followed. */
export const unfollow = (db: Db, userId: number, ref: FollowRef): Promise<boolean> => deleteFollow(db, userId, ref);

export { followedSince };

/**
 * The author follows what they create: call it in the creating transaction (`db` is it). A person who
 * stops following stays so (nothing follows them again but creating something new).
 */
export async function followAsAuthor(db: Db, userId: number | null, ref: FollowRef): Promise<void> {
  if (userId !== null) await insertFollow(db, userId, ref);
}

/**
 * What a follow button shows this reader: null for a visitor (asked to sign in), else whether they
 * follow the thing. Read fresh on every request (never in a shared read or fragment).
 */
export async function followStateOf(db: Db, actor: Actor, ref: FollowRef): Promise<boolean | null> {
  return isSignedIn(actor) ? (await followedSince(db, actor.id, ref)) !== null : null;
}

const CURSOR = /^([a-z]{3,12})\.([0-9]{1,10})$/;

/** `?after=` as this site gives it (`<type>.<id>`), else undefined for one it did not (the caller's 400). */
export function decodeFollowCursor(raw: string): { type: FollowType; id: number } | null {
  const match = CURSOR.exec(raw);
  if (!match || !isFollowType(match[1])) return null;
  const id = Number(match[2]);
  return id >= 1 && id <= 2_147_483_647 ? { type: match[1], id } : null;
}

/**
 * A page of what a person follows, by type, each named as they may see it now (in their language
 * where there is one). A thing they may no longer see, or that is gone, is left out: the follow
 * stays, and tells them nothing (a note is only stored about what its reader may see).
 */
export async function listFollowed(
  ctx: ModuleContext,
  actor: Actor & { id: number },
  locale: string,
  limit: number,
  after?: { type: FollowType; id: number },
): Promise<{ items: FollowedJson[]; next: string | null }> {
  const rows = await followsOf(ctx.db, actor.id, limit + 1, after);
  const page = rows.slice(0, limit);
  const audience = await audienceFor(ctx, actor);
  const named = new Map<FollowType, Map<number, ContentRef>>();
  for (const type of FOLLOW_TYPES) {
    const ids = page.filter((r) => r.target_type === type).map((r) => r.target_id);
    named.set(type, await describe(ctx, type, ids, audience, locale));
  }
  const items: FollowedJson[] = [];
  for (const row of page) {
    const ref = named.get(row.target_type)?.get(row.target_id);
    if (ref)
      items.push({
        type: row.target_type,
        id: row.target_id,
        title: ref.title,
        path: ref.path,
        lang: ref.lang,
        since: new Date(row.created_at).toISOString(),
      });
  }
  const last = page.at(-1);
  return { items, next: rows.length > limit && last ? `${last.target_type}.${last.target_id}` : null };
}

/** Something that happened, told to the followers of the things it concerns (`tellFollowers`). */
export interface FollowEvent {
  /** A message key of the calling module's catalog that takes `{subject}` (`news.notification.followedPost`). */
  kind: string;
  /** The content it is about: a follower is told only while they may see it. */
  about: { type: string; id: number };
  /** Its title, as the note keeps it. */
  subject: string;
  /** Its page, after `/{lang}`. */
  path: string;
  partnershipId: number | null;
  /** Who did it: never told of their own act. */
  actorId: number | null;
  /** Others not to tell: told another way already (a lesson's author), or whose own it is (a post's author). */
  skip?: readonly (number | null)[];
  /** The followed things it concerns: the partnership, the item's tags, the item itself, its author. */
  targets: readonly { type: FollowType; id: number | null | undefined }[];
  /** When it comes out (a scheduled post): the followers are told then, if they may see it then. */
  at?: Date;
  /**
   * A key of the caller's making (`news:post:12:<at>`): the event is queued once per key, so the same
   * change made twice (scheduled, taken back, scheduled again for the same time) tells once.
   */
  once?: string;
}

interface TellPayload {
  kind: string;
  about: { type: string; id: number };
  subject: string;
  path: string;
  partnershipId: number | null;
  actorId: number | null;
  skip?: number[];
  targets: FollowRef[];
  /** Followers with an id up to this one were told (by earlier jobs of the same event). */
  after: number;
}

/** Each thing once, with a real id. */
function cleanTargets(targets: FollowEvent['targets']): FollowRef[] {
  const seen = new Set<string>();
  const out: FollowRef[] = [];
  for (const t of targets) {
    if (!isFollowType(t.type) || typeof t.id !== 'number' || !Number.isInteger(t.id) || t.id < 1) continue;
    const key = `${t.type}:${t.id}`;
    if (!seen.has(key)) out.push({ type: t.type, id: t.id });
    seen.add(key);
  }
  return out;
}

/**
 * Tells the followers of what an event concerns, through the job queue: call it in the transaction
 * of the change (`ctx.db` is it), so that the job is queued if and only if the change commits. The
 * job (`follows.tell`, at `event.at` or now) notifies each follower once, never the actor, and only
 * those who may see `about` when it runs (`notify`'s check). Nothing is queued when nobody follows
 * any of it, unless the event comes out later (someone may follow it meanwhile).
 */
export async function tellFollowers(ctx: Pick<ModuleContext, 'db'>, event: FollowEvent): Promise<void> {
  const targets = cleanTargets(event.targets);
  if (targets.length === 0) return;
  const except = notTold(event.actorId, event.skip);
  const later = event.at !== undefined && event.at.getTime() > Date.now();
  if (!later && (await followersOfAny(ctx.db, targets, except, 0, 1)).length === 0) return;
  const payload: TellPayload = {
    kind: event.kind,
    about: { type: event.about.type, id: event.about.id },
    subject: event.subject,
    path: event.path,
    partnershipId: event.partnershipId,
    actorId: event.actorId,
    skip: except,
    targets,
    after: 0,
  };
  const runAt = later ? event.at : undefined;
  if (event.once !== undefined) await enqueueJobOnce(ctx.db, TELL_JOB, `${TELL_JOB}:${event.once}`, payload, runAt);
  else await enqueueJob(ctx.db, TELL_JOB, payload, runAt);
}

/** Who is not told: the actor and those skipped, as ids. */
function notTold(actorId: number | null, skip: readonly (number | null)[] = []): number[] {
  return [...new Set([actorId, ...skip])].filter((id): id is number => typeof id === 'number' && Number.isInteger(id));
}

function asPayload(raw: unknown): TellPayload | null {
  if (!raw || typeof raw !== 'object') return null;
  const p = raw as Partial<TellPayload>;
  const ok =
    typeof p.kind === 'string' &&
    typeof p.subject === 'string' &&
    typeof p.path === 'string' &&
    typeof p.about?.type === 'string' &&
    typeof p.about.id === 'number' &&
    Array.isArray(p.targets) &&
    typeof p.after === 'number';
  return ok ? (p as TellPayload) : null;
}

/**
 * The job: the next `TELL_BATCH` followers (distinct, by id, after those told already), each
 * notified in one transaction with the job that takes the next batch, so that a job run again
 * after a failure tells nobody twice and memory stays bounded however many follow.
 */
export async function runTellJob(ctx: ModuleContext, raw: unknown, size = TELL_BATCH): Promise<void> {
  const event = asPayload(raw);
  if (!event) {
    ctx.log.warn({ job: TELL_JOB }, 'a follows.tell job without a usable payload: nothing to do');
    return;
  }
  const targets = cleanTargets(event.targets);
  const except = notTold(event.actorId ?? null, Array.isArray(event.skip) ? event.skip : []);
  const batch = await followersOfAny(ctx.db, targets, except, event.after, size + 1);
  if (batch.length === 0) return;
  const told = batch.slice(0, size);
  await ctx.db.transaction().execute(async (trx) => {
    const own = { ...ctx, db: trx };
    for (const userId of told)
      await notify(own, userId, {
        kind: event.kind,
        subject: event.subject,
        path: event.path,
        about: event.about,
        partnershipId: event.partnershipId ?? null,
      });
    if (batch.length > size)
      await enqueueJob(trx, TELL_JOB, { ...event, targets, after: told[told.length - 1]! } satisfies TellPayload);
  });
}

/** Content being deleted: its follows go with it (inside the deleting transaction). */
export async function forgetFollowsOf(db: Db, subject: { type: string; id: number }): Promise<void> {
  if (isFollowType(subject.type)) await deleteFollowsOf(db, subject);
}

/** What following keeps about a person, for "download my data": what they follow, since when. */
export async function exportFollows(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const rows = await allFollowsOf(ctx.db, userId);
  return {
    follows: rows.map((r) => ({ type: r.target_type, id: r.target_id, since: new Date(r.created_at).toISOString() })),
  };
}

/** Deleting an account forgets what the person followed, and everyone's following of them. */
export async function eraseFollows(ctx: ModuleContext, userId: number): Promise<void> {
  await eraseFollowsOf(ctx.db, userId);
}

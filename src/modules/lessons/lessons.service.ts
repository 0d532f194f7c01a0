import type { Kysely } from 'kysely';
import { firstFreeSlug, slugOf } from '../../core/slugs.js';
import { recordAudit } from '../../core/audit/audit.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { notify } from '../notifications/index.js';
import { coordinatorIds, recordActivity } from '../partnerships/index.js';
import { ensureTags, setTaggings } from '../tags/index.js';
import type { LessonValues } from './lessons.check.js';
import { lessonPath, slugsLike, type Lesson } from './lessons.queries.js';
import type { LessonState } from './lessons.tables.js';
import { markForIndex } from '../../core/search/search-index.js';
import { tellPublished } from './lessons.follow.js';

type Db = Kysely<Database>;

/** A slug that no lesson has yet: the title's, with `-2`, `-3` … when taken. */
async function freeSlug(db: Db, title: string): Promise<string> {
  const base = slugOf(title, 'lesson');
  return firstFreeSlug(base, await slugsLike(db, base));
}

const columnsOf = (v: LessonValues, organisationId: number) => ({
  organisation_id: organisationId,
  original_lang: v.lang,
  title: v.title,
  tried: v.tried,
  worked: v.worked,
  not_worked: v.notWorked,
  replicate: v.replicate,
  budget_band: v.budgetBand,
  staff: v.staff,
  duration_months: v.durationMonths,
  effort: v.effort,
});

async function writeSources(db: Db, lessonId: number, v: LessonValues): Promise<void> {
  await db.deleteFrom('lesson_sources').where('lesson_id', '=', lessonId).execute();
  if (v.sources.length > 0)
    await db
      .insertInto('lesson_sources')
      .values(v.sources.map((s, position) => ({ lesson_id: lessonId, source_type: s.type, source_id: s.id, position })))
      .execute();
}

/** The lesson's tags as tag pages know them: shown from its publication on. */
async function tag(
  db: Db,
  lesson: { id: number; partnershipId: number; publishedAt: string | null },
  labels?: { tags: string[]; lang: string },
) {
  await setTaggings(db, {
    type: 'lesson',
    id: lesson.id,
    ...(labels ? { tagIds: await ensureTags(db, labels.tags, labels.lang) } : {}),
    publishedAt: lesson.publishedAt,
    isPublic: true,
    partnershipId: lesson.partnershipId,
  });
}

/**
 * A new lesson of a partnership, as a draft or sent for review at once: the row, its sources and
 * its tags in one transaction. The sources and the organisation were checked by the caller.
 */
export async function createLesson(
  ctx: Pick<ModuleContext, 'db'>,
  input: {
    partnershipId: number;
    authorId: number;
    organisationId: number;
    values: LessonValues;
    submit: boolean;
    /** The demo's: no one is told. */
    quiet?: boolean;
  },
): Promise<{ id: number; slug: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const slug = await freeSlug(trx, input.values.title);
    const { id } = await trx
      .insertInto('lessons')
      .values({
        slug,
        partnership_id: input.partnershipId,
        author_id: input.authorId,
        state: input.submit ? 'submitted' : 'draft',
        review_note: null,
        ...columnsOf(input.values, input.organisationId),
        created_at: at,
        updated_at: at,
        published_at: null,
        sort_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeSources(trx, id, input.values);
    await tag(
      trx,
      { id, partnershipId: input.partnershipId, publishedAt: null },
      { tags: input.values.tags, lang: input.values.lang },
    );
    if (input.submit && !input.quiet)
      await tellOfMove(
        trx,
        { id, slug, partnershipId: input.partnershipId, authorId: input.authorId, title: input.values.title },
        'submitted',
        input.authorId,
      );
    await markForIndex(trx, 'lesson', [id]);
    return { id, slug };
  });
}

/**
 * Saves an edit of a lesson, if it is still as it was read (its `updated_at`): false when it
 * changed meanwhile (nothing is saved). An author's edit of a published lesson sends it back to
 * review (`backToReview`): it leaves the public list until a coordinator publishes it again.
 */
export async function updateLesson(
  ctx: Pick<ModuleContext, 'db'>,
  lesson: Lesson,
  input: { organisationId: number; values: LessonValues; backToReview: boolean },
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const back = input.backToReview && lesson.state === 'published';
    const result = await trx
      .updateTable('lessons')
      .set({
        ...columnsOf(input.values, input.organisationId),
        updated_at: nowIso(),
        ...(back ? { state: 'submitted' as const, published_at: null } : {}),
      })
      .where('id', '=', lesson.id)
      .where('updated_at', '=', lesson.updatedAt)
      .where('state', '=', lesson.state)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await writeSources(trx, lesson.id, input.values);
    await tag(
      trx,
      { id: lesson.id, partnershipId: lesson.partnershipId, publishedAt: back ? null : lesson.publishedAt },
      { tags: input.values.tags, lang: input.values.lang },
    );
    // Back to review after its author's edit: the coordinators are told, as of a lesson sent.
    if (back) await tellOfMove(trx, { ...told(lesson), title: input.values.title }, 'submitted', lesson.authorId);
    await markForIndex(trx, 'lesson', [lesson.id]);
    return true;
  });
}

/**
 * Moves a lesson from one state to the next, once: the update is conditional on the state read,
 * so of two requests at the same moment one does it (and audits, and writes the activity line)
 * and the other gets false.
 */
async function move(
  ctx: Pick<ModuleContext, 'db'>,
  lesson: Lesson,
  from: readonly LessonState[],
  to: LessonState,
  extra: { reviewNote?: string | null; actorId: number; audit?: string; quiet?: boolean },
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const published = to === 'published';
    const result = await trx
      .updateTable('lessons')
      .set({
        state: to,
        updated_at: at,
        ...(extra.reviewNote !== undefined ? { review_note: extra.reviewNote } : {}),
        ...(published ? { published_at: at, sort_at: at } : {}),
      })
      .where('id', '=', lesson.id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await markForIndex(trx, 'lesson', [lesson.id]);
    if (published) {
      await tag(trx, { id: lesson.id, partnershipId: lesson.partnershipId, publishedAt: at });
      await recordActivity(
        { db: trx },
        {
          partnershipId: lesson.partnershipId,
          actorId: lesson.authorId,
          kind: 'lessons.published',
          about: { type: 'lesson', id: lesson.id },
          at,
        },
      );
    }
    if (!extra.quiet) await tellOfMove(trx, told(lesson), to, extra.actorId);
    // Its followers are told (follows module; the demo's publications tell no one).
    if (published && !extra.quiet) await tellPublished(trx, lesson, extra.actorId);
    if (extra.audit)
      await recordAudit(trx, {
        actorId: extra.actorId,
        action: extra.audit,
        partnershipId: lesson.partnershipId,
        subjectType: 'lesson',
        subjectId: String(lesson.id),
        ...(extra.reviewNote ? { details: { note: extra.reviewNote } } : {}),
      });
    return true;
  });
}

/** What a note about a lesson needs of it. */
type Told = Pick<Lesson, 'id' | 'slug' | 'partnershipId' | 'authorId'> & { title: string };
const told = (lesson: Lesson): Told => ({ ...lesson, title: lesson.original.title });

/**
 * Who hears of a lesson's move, in the same transaction: a lesson sent for review (when written, again
 * after being returned, or back after its author's edit of it published), its partnership's
 * coordinators (a note); published or returned, its author (a note and a mail: a returned lesson
 * waits for them). Whoever made the move is not told; the demo's moves, no one's act, tell no one.
 * The notes name the lesson only while their reader may see it (`about`).
 */
async function tellOfMove(db: Db, lesson: Told, to: LessonState, actorId: number | null): Promise<void> {
  const note = {
    subject: lesson.title,
    path: lessonPath(lesson.slug),
    about: { type: 'lesson', id: lesson.id },
    partnershipId: lesson.partnershipId,
  };
  if (to === 'submitted') {
    for (const coordinator of await coordinatorIds(db, lesson.partnershipId))
      if (coordinator !== actorId)
        await notify({ db }, coordinator, { ...note, kind: 'lessons.notification.submitted' });
  } else if ((to === 'published' || to === 'returned') && lesson.authorId !== null && lesson.authorId !== actorId) {
    await notify({ db }, lesson.authorId, { ...note, kind: `lessons.notification.${to}`, mail: true });
  }
}

/** The author (or a coordinator) sends a draft or a returned lesson for review. */
export const submitLesson = (ctx: Pick<ModuleContext, 'db'>, lesson: Lesson, actorId: number) =>
  move(ctx, lesson, ['draft', 'returned'], 'submitted', { actorId });

/**
 * A coordinator publishes a submitted lesson (audited, its author told); the demo's publications, no
 * one's act to answer for, are neither (`demo: true`).
 */
export const publishLesson = (
  ctx: Pick<ModuleContext, 'db'>,
  lesson: Lesson,
  actorId: number,
  { demo = false }: { demo?: boolean } = {},
) =>
  move(ctx, lesson, ['submitted'], 'published', {
    actorId,
    reviewNote: null,
    ...(demo ? { quiet: true } : { audit: 'lessons.publish' }),
  });

/** A coordinator returns a submitted lesson to its author with a note (audited). */
export const returnLesson = (ctx: Pick<ModuleContext, 'db'>, lesson: Lesson, actorId: number, note: string) =>
  move(ctx, lesson, ['submitted'], 'returned', { actorId, reviewNote: note, audit: 'lessons.return' });

/** Adds or replaces the translation of a lesson into a language other than its own. */
export async function saveTranslation(
  ctx: Pick<ModuleContext, 'db'>,
  lessonId: number,
  lang: string,
  texts: { title: string; tried: string; worked: string; not_worked: string; replicate: string },
  translatorId: number,
): Promise<void> {
  const row = {
    title: texts.title,
    tried: texts.tried,
    worked: texts.worked,
    not_worked: texts.not_worked,
    replicate: texts.replicate,
    translator_id: translatorId,
    updated_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('lesson_translations')
      .values({ lesson_id: lessonId, lang, ...row })
      .onConflict((oc) => oc.columns(['lesson_id', 'lang']).doUpdateSet(row))
      .execute();
    await markForIndex(trx, 'lesson', [lessonId]);
  });
}

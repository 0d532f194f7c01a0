import type { Kysely } from 'kysely';
import { firstFreeSlug, slugOf } from '../../core/slugs.js';
import { recordAudit } from '../../core/audit/audit.js';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { ModuleContext } from '../../core/module.js';
import { recordActivity } from '../partnerships/index.js';
import type { PlaybookValues } from './playbooks.check.js';
import { slugsLike, type Playbook } from './playbooks.queries.js';
import type { PlaybookState } from './playbooks.tables.js';
import { markForIndex } from '../../core/search/search-index.js';

type Db = Kysely<Database>;

/** A slug that no playbook has yet: the title's, with `-2`, `-3` … when taken. */
async function freeSlug(db: Db, title: string): Promise<string> {
  const base = slugOf(title, 'playbook');
  return firstFreeSlug(base, await slugsLike(db, base));
}

const columnsOf = (v: PlaybookValues) => ({
  original_lang: v.lang,
  title: v.title,
  target: v.target,
  introduction: v.introduction,
  steps: v.steps,
});

async function writeChapters(db: Db, playbookId: number, lessonIds: readonly number[]): Promise<void> {
  await db.deleteFrom('playbook_lessons').where('playbook_id', '=', playbookId).execute();
  if (lessonIds.length > 0)
    await db
      .insertInto('playbook_lessons')
      .values(lessonIds.map((lessonId, i) => ({ playbook_id: playbookId, lesson_id: lessonId, position: i + 1 })))
      .execute();
}

/** A new playbook of a partnership, as a draft: the row and its chapters in one transaction. */
export async function createPlaybook(
  ctx: Pick<ModuleContext, 'db'>,
  input: { partnershipId: number; authorId: number; values: PlaybookValues },
): Promise<{ id: number; slug: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const slug = await freeSlug(trx, input.values.title);
    const { id } = await trx
      .insertInto('playbooks')
      .values({
        slug,
        partnership_id: input.partnershipId,
        author_id: input.authorId,
        state: 'draft',
        ...columnsOf(input.values),
        created_at: at,
        updated_at: at,
        published_at: null,
        sort_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeChapters(trx, id, input.values.lessonIds);
    await markForIndex(trx, 'playbook', [id]);
    return { id, slug };
  });
}

/**
 * Saves an edit of a playbook, if it is still as it was read (its `updated_at` and state): false when
 * it changed meanwhile (nothing is saved). Its state stays.
 */
export async function updatePlaybook(
  ctx: Pick<ModuleContext, 'db'>,
  playbook: Playbook,
  values: PlaybookValues,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('playbooks')
      .set({ ...columnsOf(values), updated_at: nowIso() })
      .where('id', '=', playbook.id)
      .where('updated_at', '=', playbook.updatedAt)
      .where('state', '=', playbook.state)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await writeChapters(trx, playbook.id, values.lessonIds);
    await markForIndex(trx, 'playbook', [playbook.id]);
    return true;
  });
}

/**
 * Moves a playbook from one state to the other, once: the update is conditional on the state read,
 * so of two requests at the same moment one does it (and audits, and writes the activity line) and
 * the other gets false. Publishing writes `playbooks.published` to the partnership's activity stream.
 */
async function move(
  ctx: Pick<ModuleContext, 'db'>,
  playbook: Playbook,
  from: PlaybookState,
  to: PlaybookState,
  actorId: number,
  audit: string | null,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso();
    const published = to === 'published';
    const result = await trx
      .updateTable('playbooks')
      .set({
        state: to,
        updated_at: at,
        published_at: published ? at : null,
        ...(published ? { sort_at: at } : {}),
      })
      .where('id', '=', playbook.id)
      .where('state', '=', from)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await markForIndex(trx, 'playbook', [playbook.id]);
    if (published)
      await recordActivity(
        { db: trx },
        {
          partnershipId: playbook.partnershipId,
          actorId,
          kind: 'playbooks.published',
          about: { type: 'playbook', id: playbook.id },
          at,
        },
      );
    if (audit)
      await recordAudit(trx, {
        actorId,
        action: audit,
        partnershipId: playbook.partnershipId,
        subjectType: 'playbook',
        subjectId: String(playbook.id),
      });
    return true;
  });
}

/**
 * A coordinator publishes a draft (audited; the demo's publication, no one's act to answer for, is
 * not: `audit: false`).
 */
export const publishPlaybook = (
  ctx: Pick<ModuleContext, 'db'>,
  playbook: Playbook,
  actorId: number,
  { audit = true }: { audit?: boolean } = {},
) => move(ctx, playbook, 'draft', 'published', actorId, audit ? 'playbooks.publish' : null);

/** A coordinator takes a published playbook back to a draft (audited). */
export const unpublishPlaybook = (ctx: Pick<ModuleContext, 'db'>, playbook: Playbook, actorId: number) =>
  move(ctx, playbook, 'published', 'draft', actorId, 'playbooks.unpublish');

/** Adds or replaces the translation of a playbook into a language other than its own. */
export async function saveTranslation(
  ctx: Pick<ModuleContext, 'db'>,
  playbookId: number,
  lang: string,
  texts: { title: string; target: string; introduction: string; steps: string },
  translatorId: number,
): Promise<void> {
  const row = { ...texts, translator_id: translatorId, updated_at: nowIso() };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('playbook_translations')
      .values({ playbook_id: playbookId, lang, ...row })
      .onConflict((oc) => oc.columns(['playbook_id', 'lang']).doUpdateSet(row))
      .execute();
    await markForIndex(trx, 'playbook', [playbookId]);
  });
}

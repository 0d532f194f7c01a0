import type { Kysely } from 'kysely';
import { nowIso } from '../../core/db/dialect.js';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import type { Translator } from '../../core/i18n/translator.js';
import { EDITED_LANGUAGES, type DimensionForm, type QuestionForm } from './assessments.schema.js';

type Db = Kysely<Database>;

/**
 * Editing the question set (administrators): dimensions and questions are added, their texts in
 * English and Czech changed, and retired or brought back. Nothing is ever deleted: a retired
 * question keeps the answers given to it readable in the assessments that answered it, and stops
 * being asked (and counted) in new ones. Each save is one transaction.
 */

const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TAGS_MAX = 10;

/** The topics a dimension's form names ("open-data, data"), as tag slugs; null when one is not a slug. */
export function parseTags(raw: string | undefined): string[] | null {
  const slugs = (raw ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (slugs.length > TAGS_MAX || slugs.some((s) => s.length > 100 || !TAG.test(s))) return null;
  return [...new Set(slugs)];
}

/** Adds a dimension at the end, or changes one; field messages when the slug or the topics are wrong. */
export async function saveDimension(
  db: Db,
  id: number | null,
  form: DimensionForm,
  t: Translator['t'],
): Promise<{ id: number } | { errors: FieldErrors }> {
  const tags = parseTags(form.tags);
  const taken = await db
    .selectFrom('assessment_dimensions')
    .select('id')
    .where('slug', '=', form.slug)
    .executeTakeFirst();
  const errors: FieldErrors = {};
  if (tags === null) errors.tags = t('assessments.editor.badTags');
  if (taken && taken.id !== id) errors.slug = t('assessments.editor.slugTaken');
  if (tags === null || Object.keys(errors).length) return { errors };
  const at = nowIso();
  return db.transaction().execute(async (trx) => {
    let dimensionId = id;
    if (dimensionId === null) {
      const last = await trx
        .selectFrom('assessment_dimensions')
        .select((eb) => eb.fn.max('position').as('position'))
        .executeTakeFirst();
      const inserted = await trx
        .insertInto('assessment_dimensions')
        .values({
          slug: form.slug,
          position: Number(last?.position ?? 0) + 1,
          tags: tags.join(' '),
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      dimensionId = inserted.id;
    } else {
      await trx
        .updateTable('assessment_dimensions')
        .set({ slug: form.slug, tags: tags.join(' '), updated_at: at })
        .where('id', '=', dimensionId)
        .execute();
    }
    for (const lang of EDITED_LANGUAGES)
      await trx
        .insertInto('assessment_dimension_texts')
        .values({
          dimension_id: dimensionId,
          lang,
          name: form[`name_${lang}`],
          description: form[`description_${lang}`] ?? '',
        })
        .onConflict((oc) =>
          oc.columns(['dimension_id', 'lang']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
          })),
        )
        .execute();
    return { id: dimensionId };
  });
}

/** Adds a question at the end of its dimension, or changes one's texts (and dimension). */
export async function saveQuestion(
  db: Db,
  id: number | null,
  form: QuestionForm,
  t: Translator['t'],
): Promise<{ id: number } | { errors: FieldErrors }> {
  const dimension = await db
    .selectFrom('assessment_dimensions')
    .select('id')
    .where('id', '=', form.dimension)
    .executeTakeFirst();
  if (!dimension) return { errors: { dimension: t('assessments.editor.noDimension') } };
  const at = nowIso();
  return db.transaction().execute(async (trx) => {
    let questionId = id;
    if (questionId === null) {
      const last = await trx
        .selectFrom('assessment_questions')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('dimension_id', '=', form.dimension)
        .executeTakeFirst();
      const inserted = await trx
        .insertInto('assessment_questions')
        .values({
          dimension_id: form.dimension,
          position: Number(last?.position ?? 0) + 1,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      questionId = inserted.id;
    } else {
      await trx
        .updateTable('assessment_questions')
        .set({ dimension_id: form.dimension, updated_at: at })
        .where('id', '=', questionId)
        .execute();
    }
    for (const lang of EDITED_LANGUAGES)
      await trx
        .insertInto('assessment_question_texts')
        .values({ question_id: questionId, lang, text: form[`text_${lang}`] })
        .onConflict((oc) =>
          oc.columns(['question_id', 'lang']).doUpdateSet((eb) => ({ text: eb.ref('excluded.text') })),
        )
        .execute();
    return { id: questionId };
  });
}

/** Retires a dimension or a question, or brings it back; false when there is no such one. */
export async function setRetired(
  db: Db,
  what: 'dimension' | 'question',
  id: number,
  retired: boolean,
): Promise<boolean> {
  const at = nowIso();
  const table = what === 'dimension' ? 'assessment_dimensions' : 'assessment_questions';
  const r = await db
    .updateTable(table)
    .set({ retired_at: retired ? at : null, updated_at: at })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

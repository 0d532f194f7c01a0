import type { Migration } from '../../../core/db/migrator.js';
import { sql } from 'kysely';
import { nowIso } from '../../../core/db/dialect.js';
import { DEFAULT_QUESTION_SET } from './default-question-set.js';

/**
 * The digital maturity self-assessment: the question set (dimensions and their questions, each
 * with its texts per language; retired ones kept, so that old answers stay readable), an
 * organisation's assessments (a draft, then submitted), their answers, and the score per
 * dimension worked out when an assessment is submitted. The default question set is written here,
 * so that every installation starts with one.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('assessment_dimensions'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('position', 'integer', (c) => c.notNull())
      // Tag slugs, separated by spaces: the topics its pointers name.
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('retired_at', d.timestamp)
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('assessment_dimension_texts')
      .addColumn('dimension_id', 'integer', (c) =>
        c.notNull().references('assessment_dimensions.id').onDelete('cascade'),
      )
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('assessment_dimension_texts_pk', ['dimension_id', 'lang'])
      .execute();

    await d
      .id(db.schema.createTable('assessment_questions'))
      .addColumn('dimension_id', 'integer', (c) => c.notNull().references('assessment_dimensions.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('retired_at', d.timestamp)
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('assessment_questions_by_dimension')
      .on('assessment_questions')
      .columns(['dimension_id', 'position', 'id'])
      .execute();
    await db.schema
      .createTable('assessment_question_texts')
      .addColumn('question_id', 'integer', (c) => c.notNull().references('assessment_questions.id').onDelete('cascade'))
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('assessment_question_texts_pk', ['question_id', 'lang'])
      .execute();

    await d
      .id(db.schema.createTable('assessments'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      // draft | submitted
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('started_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addColumn('submitted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('submitted_at', d.timestamp)
      // The organisation's size band when it submitted: whom its scores are averaged with.
      .addColumn('size_band', 'text')
      .execute();
    // An organisation's assessments, newest first (its list, its earlier ones).
    await db.schema
      .createIndex('assessments_by_organisation')
      .on('assessments')
      .columns(['organisation_id', 'status', 'submitted_at', 'id'])
      .execute();
    // The averages of a size band read the submitted assessments of the band.
    await db.schema
      .createIndex('assessments_by_band')
      .on('assessments')
      .columns(['size_band', 'status', 'organisation_id'])
      .execute();
    // One draft per organisation at a time: starting again opens the one there is.
    await db.schema
      .createIndex('assessments_one_draft')
      .on('assessments')
      .column('organisation_id')
      .unique()
      .where(sql<boolean>`status = 'draft'`)
      .execute();

    await db.schema
      .createTable('assessment_answers')
      .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
      .addColumn('question_id', 'integer', (c) => c.notNull().references('assessment_questions.id'))
      // 0 to 4 on the scale.
      .addColumn('level', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('assessment_answers_pk', ['assessment_id', 'question_id'])
      .execute();
    await db.schema
      .createTable('assessment_scores')
      .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id').onDelete('cascade'))
      .addColumn('dimension_id', 'integer', (c) => c.notNull().references('assessment_dimensions.id'))
      // 0 to 100 (see the README for the formula).
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('questions', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('assessment_scores_pk', ['assessment_id', 'dimension_id'])
      .execute();

    const at = nowIso();
    for (const [i, dimension] of DEFAULT_QUESTION_SET.entries()) {
      const { id } = await db
        .insertInto('assessment_dimensions')
        .values({
          slug: dimension.slug,
          position: i + 1,
          tags: dimension.tags.join(' '),
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('assessment_dimension_texts')
        .values(
          Object.entries(dimension.texts).map(([lang, t]) => ({
            dimension_id: id,
            lang,
            name: t.name,
            description: t.description,
          })),
        )
        .execute();
      for (const [j, question] of dimension.questions.entries()) {
        const q = await db
          .insertInto('assessment_questions')
          .values({ dimension_id: id, position: j + 1, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('assessment_question_texts')
          .values(Object.entries(question).map(([lang, text]) => ({ question_id: q.id, lang, text })))
          .execute();
      }
    }
  },
};

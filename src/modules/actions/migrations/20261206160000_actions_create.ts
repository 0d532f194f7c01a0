import type { Migration } from '../../../core/db/migrator.js';

/**
 * A partnership's action plan: themes, actions numbered within the plan (with the action a merged
 * one went into), the organisations leading and contributing, key activities, deliverables,
 * challenges, and every action's versions (a JSON snapshot per change). Dates of the plan are
 * calendar dates (`YYYY-MM-DD` text on both engines); instants are UTC.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('action_themes'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addUniqueConstraint('action_themes_position', ['partnership_id', 'position'])
      .execute();

    await d
      .id(db.schema.createTable('actions'))
      .addColumn('partnership_id', 'integer', (c) => c.notNull().references('partnerships.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('theme_id', 'integer', (c) => c.references('action_themes.id').onDelete('set null'))
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      // planned | in_progress | delayed | completed | cancelled | merged
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('merged_into', 'integer', (c) => c.references('actions.id').onDelete('set null'))
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      // manual | deliverables
      .addColumn('progress_mode', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text')
      .addColumn('ends_on', 'text')
      .addColumn('members_only', d.boolean, (c) => c.notNull())
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .addUniqueConstraint('actions_number', ['partnership_id', 'number'])
      .execute();
    await db.schema.createIndex('actions_by_theme').on('actions').columns(['theme_id']).execute();
    await db.schema.createIndex('actions_by_merged_into').on('actions').columns(['merged_into']).execute();

    await db.schema
      .createTable('action_organisations')
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      // lead | contributor
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('action_organisations_pk', ['action_id', 'organisation_id'])
      .execute();
    await db.schema
      .createIndex('action_organisations_by_organisation')
      .on('action_organisations')
      .columns(['organisation_id', 'role'])
      .execute();

    await d
      .id(db.schema.createTable('action_activities'))
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text')
      .addColumn('ends_on', 'text')
      .execute();
    await db.schema
      .createIndex('action_activities_by_action')
      .on('action_activities')
      .columns(['action_id', 'position'])
      .execute();

    await d
      .id(db.schema.createTable('action_deliverables'))
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('evidence_url', 'text')
      .addColumn('evidence_post_id', 'integer', (c) => c.references('news_posts.id').onDelete('set null'))
      .execute();
    await db.schema
      .createIndex('action_deliverables_by_action')
      .on('action_deliverables')
      .columns(['action_id', 'position'])
      .execute();
    // Late and due deliverables across plans (the dashboard to come).
    await db.schema
      .createIndex('action_deliverables_by_due')
      .on('action_deliverables')
      .columns(['status', 'due_on'])
      .execute();

    await d
      .id(db.schema.createTable('action_challenges'))
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      // low | medium | high
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('mitigation', 'text', (c) => c.notNull())
      // open | resolved
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('raised_on', 'text', (c) => c.notNull())
      .addColumn('resolved_on', 'text')
      .execute();
    await db.schema
      .createIndex('action_challenges_by_action')
      .on('action_challenges')
      .columns(['action_id', 'position'])
      .execute();

    await d
      .id(db.schema.createTable('action_versions'))
      .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('at', d.timestamp, (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('snapshot', d.json, (c) => c.notNull())
      .addUniqueConstraint('action_versions_number', ['action_id', 'version'])
      .execute();
    // Actions not updated for a while (the dashboard to come).
    await db.schema.createIndex('action_versions_by_time').on('action_versions').columns(['at']).execute();
  },
};

import type { Migration } from '../../../core/db/migrator.js';

/**
 * The funding and policy pipeline: programmes, the register's opportunities (calls, tenders,
 * prizes, initiatives, policies, technical assistance) with their deadlines and who may apply,
 * every opportunity's versions, and the platform's funding editors. Instants are UTC; each
 * opportunity keeps the time zone its dates are announced in. Amounts are whole euros.
 */
export const migration: Migration = {
  async up(db, d) {
    await d
      .id(db.schema.createTable('funding_programmes'))
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('period_from', 'integer')
      .addColumn('period_to', 'integer')
      .addColumn('budget_eur', 'bigint')
      .addColumn('budget_note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('managing_service', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('url', 'text')
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();

    await d
      .id(db.schema.createTable('funding_opportunities'))
      // A stable id from elsewhere (an import's source), unique when given.
      .addColumn('external_id', 'text', (c) => c.unique())
      .addColumn('programme_id', 'integer', (c) => c.references('funding_programmes.id').onDelete('set null'))
      // call | tender | prize | initiative | policy | technical_assistance
      .addColumn('kind', 'text', (c) => c.notNull())
      // published | suggested | rejected
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('suggested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('original_lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      // For policies and initiatives: announced | consultation | proposal | adopted | implementation
      .addColumn('stage', 'text')
      .addColumn('opens_at', d.timestamp)
      // The last deadline (of a multi-stage call, the final one); null: no deadline (open-ended).
      .addColumn('closes_at', d.timestamp)
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('budget_eur', 'bigint')
      .addColumn('grant_min_eur', 'bigint')
      .addColumn('grant_max_eur', 'bigint')
      // Per cent of the costs the programme pays (80 = up to 80 %).
      .addColumn('cofinancing_rate', 'integer')
      .addColumn('url', 'text')
      .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', d.timestamp, (c) => c.notNull())
      .addColumn('updated_at', d.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('funding_opportunities_by_close')
      .on('funding_opportunities')
      .columns(['state', 'closes_at', 'id'])
      .execute();
    await db.schema
      .createIndex('funding_opportunities_by_programme')
      .on('funding_opportunities')
      .columns(['programme_id', 'state', 'closes_at'])
      .execute();
    await db.schema
      .createIndex('funding_opportunities_by_time')
      .on('funding_opportunities')
      .columns(['state', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('funding_deadlines')
      .addColumn('opportunity_id', 'integer', (c) =>
        c.notNull().references('funding_opportunities.id').onDelete('cascade'),
      )
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('at', d.timestamp, (c) => c.notNull())
      // What the deadline is for ("Stage 1: outline proposals"); empty for a single deadline.
      .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('funding_deadlines_pk', ['opportunity_id', 'position'])
      .execute();
    await db.schema
      .createIndex('funding_deadlines_by_time')
      .on('funding_deadlines')
      .columns(['at', 'opportunity_id'])
      .execute();

    // Who may apply, one row per allowed value; no row of a dimension: anyone, as far as it goes.
    await db.schema
      .createTable('funding_eligibility')
      .addColumn('opportunity_id', 'integer', (c) =>
        c.notNull().references('funding_opportunities.id').onDelete('cascade'),
      )
      // kind (an organisation kind) | country (ISO 3166-1 alpha-2) | size (a city size band)
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('funding_eligibility_pk', ['opportunity_id', 'dimension', 'value'])
      .execute();
    await db.schema
      .createIndex('funding_eligibility_by_value')
      .on('funding_eligibility')
      .columns(['dimension', 'value', 'opportunity_id'])
      .execute();

    await d
      .id(db.schema.createTable('funding_versions'))
      .addColumn('opportunity_id', 'integer', (c) =>
        c.notNull().references('funding_opportunities.id').onDelete('cascade'),
      )
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('at', d.timestamp, (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('snapshot', d.json, (c) => c.notNull())
      .addUniqueConstraint('funding_versions_number', ['opportunity_id', 'version'])
      .execute();

    // The platform role "funding editor" (administrators may always edit).
    await db.schema
      .createTable('funding_editors')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('granted_at', d.timestamp, (c) => c.notNull())
      .addColumn('granted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .execute();
  },
};

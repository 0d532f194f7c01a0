import { loadCatalogs, mergeCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { exportCatalogs } from './export/index.js';
import { exportJobs, scheduleExpiry } from './exports.job.js';
import { migration as create } from './migrations/20261208100000_playbooks_create.js';
import { playbookContentType } from './playbooks.content.js';
import { seedPlaybooks } from './playbooks.demo.js';
import { erasePlaybooks, exportPlaybooks } from './playbooks.privacy.js';
import { registerPlaybookRoutes } from './routes/index.js';
import './playbooks.tables.js';
import { playbookSearchSource } from './playbooks.search.js';

/**
 * Playbooks (issue 16, part 2): an ordered selection of published lessons with an introduction and
 * steps, for a target ("Small cities starting with open data"), written and published by a
 * partnership's coordinators, with translations; and its white-label export for a city (its name,
 * logo, colours and language): a static website in a zip and a PDF, built by the job queue with its
 * progress shown, kept for `URBIS_PLAYBOOK_EXPORT_DAYS`.
 */
export const playbooksModule = defineModule({
  id: 'playbooks',
  // The module's own messages, and the export engine's (`playbooks.export.*`, the words of the site and PDF).
  messages: mergeCatalogs([
    { source: 'playbooks', catalogs: loadCatalogs(new URL('./locales/', import.meta.url)) },
    { source: 'playbooks/export', catalogs: exportCatalogs },
  ]),
  migrations: { '20261208100000_playbooks_create': create },
  // Exports are their requester's alone: their progress, written as they are built, changes no page anyone else sees.
  privateTables: ['playbook_exports'],
  routes: registerPlaybookRoutes,
  seedDemo: (ctx) => seedPlaybooks(ctx),
  promises: [{ order: 29.5, label: 'playbooks.promise' }],
  // The activity stream, tag pages, search and the audit log name playbooks by the one rule.
  contentTypes: { playbook: playbookContentType },
  // What the search index holds of them (the search module reads it; the one rule says who finds what).
  search: () => [playbookSearchSource],
  jobs: exportJobs,
  startJobs: async (ctx) => void (await scheduleExpiry(ctx)),
  personalData: { export: exportPlaybooks, erase: erasePlaybooks },
});

// The one visibility rule of playbooks, for other modules: per playbook, and as a query filter.
export { maySee as maySeePlaybook, type PlaybookFacts } from './playbooks.policy.js';
export { visiblePlaybooks } from './playbooks.visibility.js';

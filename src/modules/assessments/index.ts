import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { seedAssessments } from './assessments.demo.js';
import { migration as create } from './migrations/20261207120000_assessments_create.js';
import { registerAssessmentRoutes } from './routes/index.js';
import './assessments.schema.js';

/**
 * The digital maturity self-assessment (issue 16, part 4): an editable question set over the
 * dimensions of digital maturity; an organisation's confirmed members answer it (a draft, then
 * submitted), and get a score per dimension compared with their earlier assessments and with the
 * anonymised averages of their size band, and pointers to funding and to the topics of their
 * weakest dimensions.
 */
export const assessmentsModule = defineModule({
  id: 'assessments',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261207120000_assessments_create': create },
  routes: registerAssessmentRoutes,
  seedDemo: (ctx) => seedAssessments(ctx),
  promises: [{ order: 29, label: 'assessments.promise' }],
  navigation: [{ order: 21, label: 'assessments.nav', path: '/assessments' }],
});

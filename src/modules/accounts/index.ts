import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { registerAccountCommands } from './accounts.commands.js';
import { registerAccountRoutes } from './accounts.routes.js';
import { loadActor } from './accounts.service.js';
import { migration as users } from './migrations/20261127000050_accounts_users.js';

/** Accounts: who a person is on the platform, and signing in and out. */
export const accountsModule = defineModule({
  id: 'accounts',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: { '20261127000050_accounts_users': users },
  routes: registerAccountRoutes,
  commands: registerAccountCommands,
  loadActor: (ctx, userId) => loadActor(ctx.db, userId),
});

export { authenticate, createUser, checkNewUser } from './accounts.service.js';

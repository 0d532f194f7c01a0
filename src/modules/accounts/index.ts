import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { actorForToken } from './access-tokens.js';
import { registerAccountCommands } from './accounts.commands.js';
import { registerAccountRoutes } from './accounts.routes.js';
import { loadActor } from './accounts.service.js';
import { auditUserNames } from './authors.js';
import { migration as users } from './migrations/20261127000050_accounts_users.js';
import { migration as confirmation } from './migrations/20261127001000_accounts_confirmation.js';
import { migration as mailTokens } from './migrations/20261127001100_accounts_mail_tokens.js';
import { migration as accessTokens } from './migrations/20261127001200_accounts_access_tokens.js';
import { migration as attempts } from './migrations/20261127001300_accounts_attempts.js';
import { migration as attemptCounts } from './migrations/20261206053000_accounts_attempt_counts.js';
import { migration as timeZone } from './migrations/20261206152000_accounts_time_zone.js';
import { ACCOUNTS_MODULE_ID, eraseAccountData, exportAccountData } from './personal-data.js';

/** Accounts: who a person is on the platform, signing in and out, and their own data. */
export const accountsModule = defineModule({
  id: ACCOUNTS_MODULE_ID,
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  privateTables: ['accounts_access_tokens', 'accounts_attempt_counts', 'accounts_mail_tokens'],
  migrations: {
    '20261127000050_accounts_users': users,
    '20261127001000_accounts_confirmation': confirmation,
    '20261127001100_accounts_mail_tokens': mailTokens,
    '20261127001200_accounts_access_tokens': accessTokens,
    '20261127001300_accounts_attempts': attempts,
    '20261206053000_accounts_attempt_counts': attemptCounts,
    '20261206152000_accounts_time_zone': timeZone,
  },
  routes: registerAccountRoutes,
  commands: registerAccountCommands,
  loadActor: (ctx, userId) => loadActor(ctx.db, userId),
  actorForToken,
  personalData: { export: exportAccountData, erase: eraseAccountData },
  auditNames: { user: auditUserNames },
});

export {
  authenticate,
  createUser,
  checkNewUser,
  displayNameOf,
  findUserByHandle,
  findUsersByIds,
  liveUserIds,
  updateAccountBasics,
  type NewUser,
  type UserSummary,
} from './accounts.service.js';
export { TERMS_VERSION } from './accounts.schema.js';
export { hashPassword } from './passwords.js';
export { deleteAccount } from './personal-data.js';
export { SettingsNav } from './views/parts.js';
export { authorJson, authorName } from './authors.js';
export { accountAddress, accountStanding } from './standing.js';

import { loadCatalogs } from '../../core/i18n/catalogs.js';
import { defineModule } from '../../core/module.js';
import { migration as profiles } from './migrations/20261127002000_people_profiles.js';
import { migration as affiliations } from './migrations/20261127002010_people_affiliations.js';
import { seedPeople } from './people.demo.js';
import { personFollowable } from './people.follow.js';
import { personContentType, personSearchSource } from './people.search.js';
import { registerPeopleRoutes } from './people.routes.js';
import { erasePersonalData, exportPersonalData } from './people.service.js';

/** People: public profiles, one's own profile settings, and the terms and privacy pages. */
export const peopleModule = defineModule({
  id: 'people',
  messages: loadCatalogs(new URL('./locales/', import.meta.url)),
  migrations: {
    '20261127002000_people_profiles': profiles,
    '20261127002010_people_affiliations': affiliations,
  },
  routes: registerPeopleRoutes,
  seedDemo: (ctx) => seedPeople(ctx.db),
  // A profile's one visibility rule for other modules (search), and its document in the search index.
  contentTypes: { person: personContentType },
  search: () => [personSearchSource],
  // Following a person (follows module): their profile's rule, an account that is not deleted.
  followables: { person: personFollowable },
  personalData: {
    export: (ctx, userId) => exportPersonalData(ctx.db, userId),
    erase: (ctx, userId) => erasePersonalData(ctx.db, userId),
  },
});

export { DEMO_ADMIN, DEMO_PASSWORD, demoPeople } from './people.demo.js';
export { loadProfile, type ProfileView } from './people.service.js';
// For other modules' demo data: a person's profile and organisations.
export { replaceAffiliations, upsertProfile } from './people.queries.js';

import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentRef, ContentType, ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { findUsersByIds, liveUserIds } from '../accounts/index.js';
import { confirmedOrganisationIds, findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';

type Db = Kysely<Database>;

/**
 * What others see on people's profiles (`/people/{handle}`), for many at once: the accounts that
 * exist (a deleted one has no profile), each with its name, bio, and the organisations whose
 * affiliation the organisation's side confirmed, with the role title given there. Nothing else:
 * no address, no pending or refused affiliation, no language setting.
 */
async function publicProfiles(db: Db, ids: readonly number[]) {
  const users = [...(await findUsersByIds(db, [...new Set(ids)])).values()].filter((u) => !u.deleted);
  if (users.length === 0) return [];
  const userIds = users.map((u) => u.id);
  const [profiles, affiliations, confirmed] = await Promise.all([
    db.selectFrom('people_profiles').select(['user_id', 'bio']).where('user_id', 'in', userIds).execute(),
    db
      .selectFrom('people_affiliations')
      .select(['user_id', 'organisation_id', 'role_title'])
      .where('user_id', 'in', userIds)
      .orderBy('user_id')
      .orderBy('position')
      .execute(),
    confirmedOrganisationIds(db, userIds),
  ]);
  const organisations = await findOrganisationsByIds(
    db,
    affiliations.map((a) => a.organisation_id),
  );
  return users.map((user) => ({
    id: user.id,
    handle: user.handle,
    displayName: user.displayName,
    locale: user.locale,
    bio: profiles.find((p) => p.user_id === user.id)?.bio ?? '',
    organisations: affiliations.flatMap((a) => {
      const organisation = organisations.get(a.organisation_id);
      return a.user_id === user.id && organisation && (confirmed.get(user.id) ?? []).includes(a.organisation_id)
        ? [{ organisation, roleTitle: a.role_title }]
        : [];
    }),
  }));
}

/**
 * People as other modules see them (search): a profile is seen by everyone while its account exists
 * (`loadProfile`: an unknown handle or a deleted account is a 404), and `liveUserIds` as the filter.
 * Named by the person's name, with their bio's beginning as the summary.
 */
export const personContentType: ContentType = {
  async describe(ctx, ids, _audience, locale) {
    const named = new Map<number, ContentRef>();
    // The name and the bio, in one round of reads (search describes a page of results on every request).
    const unique = [...new Set(ids)];
    const [users, profiles] = await Promise.all([
      findUsersByIds(ctx.db, unique),
      unique.length === 0
        ? []
        : ctx.db.selectFrom('people_profiles').select(['user_id', 'bio']).where('user_id', 'in', unique).execute(),
    ]);
    const bios = new Map(profiles.map((p) => [p.user_id, p.bio]));
    for (const person of users.values()) {
      if (person.deleted) continue;
      const bio = bios.get(person.id) ?? '';
      named.set(person.id, {
        title: person.displayName,
        path: `/people/${person.handle}`,
        // A name is no text in a language (and the profile shows the bio without one).
        lang: locale,
        ...(bio ? { summary: bio.length > 200 ? `${bio.slice(0, 199)}…` : bio } : {}),
      });
    }
    return named;
  },
  visibleIds: (db) => liveUserIds(db),
};

/**
 * People as the search index has them: one document per existing account, of what its profile shows
 * everyone (name, role titles and organisations confirmed, bio); a deleted account is not answered,
 * so it leaves the index. Marked by accounts (a new account, a deleted one), this module (a saved
 * profile) and organisations (a claim decided, an organisation renamed).
 */
export const personSearchSource: SearchSource = {
  type: 'person',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    return (await publicProfiles(ctx.db, ids)).map((person) => ({
      type: 'person',
      id: person.id,
      lang: person.locale ?? 'en',
      title: person.displayName,
      body: plainText(
        [
          ...person.organisations.flatMap(({ organisation, roleTitle }) => [
            roleTitle ?? '',
            ...new Set(ctx.languages.map((lang) => organisationDisplayName(organisation, lang))),
          ]),
          person.bio,
        ].join('\n'),
      ),
      path: `/people/${person.handle}`,
      tags: [],
      partnershipId: null,
      date: null,
    }));
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'users'),
};

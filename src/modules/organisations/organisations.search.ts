import type { Expression, Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { ContentAudience, ContentRef, ContentType, ModuleContext } from '../../core/module.js';
import type { SearchDocument, SearchSource } from '../../core/search/contract.js';
import { idBatches, markForIndex } from '../../core/search/search-index.js';
import { plainText } from '../../core/search/text.js';
import { countryName, displayName } from './organisations.display.js';
import type { OrganisationKind, OrganisationStatus } from './organisations.schema.js';

type Db = Kysely<Database>;

/**
 * `maySeeOrganisation` (organisations.policy.ts) for a content audience: an approved organisation is
 * everyone's; a proposed or refused one only its proposer's and administrators' (`membersOf: 'all'`).
 */
export const maySeeOrganisationAs = (
  audience: ContentAudience,
  org: { status: OrganisationStatus; proposedBy: number | null },
): boolean =>
  org.status === 'approved' ||
  audience.membersOf === 'all' ||
  (audience.userId !== null && org.proposedBy === audience.userId);

interface Row {
  id: number;
  slug: string;
  name: string;
  kind: OrganisationKind;
  country: string | null;
  website: string | null;
  status: OrganisationStatus;
  proposedBy: number | null;
}

async function organisationRows(db: Db, ids: readonly number[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'kind', 'country', 'website', 'status', 'proposed_by'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind as OrganisationKind,
    country: r.country,
    website: r.website,
    status: r.status,
    proposedBy: r.proposed_by,
  }));
}

/**
 * Organisations as other modules see them (search): `maySeeOrganisationAs`, and the same as a
 * filter; named as their page names them (a member state in the reader's language).
 */
export const organisationContentType: ContentType = {
  async describe(ctx, ids, audience, locale) {
    const { t } = ctx.i18n(locale);
    const named = new Map<number, ContentRef>();
    for (const org of await organisationRows(ctx.db, ids))
      if (maySeeOrganisationAs(audience, org))
        named.set(org.id, {
          title: displayName(org, locale),
          path: `/organisations/${org.slug}`,
          // A name is no text in a language: never labelled as another language than the page's.
          lang: locale,
          summary: t(`organisations.kind.${org.kind}`) + (org.country ? `, ${countryName(locale, org.country)}` : ''),
        });
    return named;
  },
  visibleIds(db, audience) {
    let query = db.selectFrom('organisations').select('organisations.id');
    if (audience.membersOf !== 'all') {
      const userId = audience.userId;
      query = query.where((eb) =>
        userId === null
          ? eb('organisations.status', '=', 'approved')
          : eb.or([eb('organisations.status', '=', 'approved'), eb('organisations.proposed_by', '=', userId)]),
      );
    }
    return query.$asScalar() as Expression<number>;
  },
};

/**
 * Organisations as the search index has them: one document per organisation, proposed ones too
 * (who finds them is `contentTypes.organisation`'s business): its name (a member state's in every
 * interface language), its kind and country in every interface language, its website.
 */
export const organisationSearchSource: SearchSource = {
  type: 'organisation',
  async documentsOf(ctx: ModuleContext, ids: readonly number[]): Promise<SearchDocument[]> {
    const rows = await organisationRows(ctx.db, ids);
    return rows.map((org) => {
      const words = ctx.languages.flatMap((lang) => [
        displayName(org, lang),
        ctx.i18n(lang).t(`organisations.kind.${org.kind}`),
        org.country ? countryName(lang, org.country) : '',
      ]);
      return {
        type: 'organisation',
        id: org.id,
        lang: 'en',
        title: org.name,
        body: plainText([...new Set(words), org.website ?? ''].join('\n')),
        path: `/organisations/${org.slug}`,
        tags: [],
        partnershipId: null,
        date: null,
      };
    });
  },
  allIds: (ctx: ModuleContext) => idBatches(ctx.db, 'organisations'),
};

/**
 * Marks an organisation for the index, and the people whose confirmed affiliation names it (their
 * profiles show its name): in the changing transaction.
 */
export async function markOrganisationForIndex(db: Db, organisationId: number): Promise<void> {
  await markForIndex(db, 'organisation', [organisationId]);
  const people = await db
    .selectFrom('organisation_claims')
    .select('user_id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'confirmed')
    .execute();
  await markForIndex(
    db,
    'person',
    people.map((p) => p.user_id),
  );
}

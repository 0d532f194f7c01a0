import type { Actor } from '../../core/auth/actor.js';
import { describeContent, type ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { findOrganisationsByIds, organisationDisplayName, type Organisation } from '../organisations/index.js';
import { audienceOf } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import type { OfferRecord, RequestRecord } from './support.queries.js';
import type { Suggestion } from './support.rank.js';
import type { Static } from 'typebox';
import type { OfferJson, RequestJson, SuggestionJson } from './support.schema.js';

export type RequestView = Static<typeof RequestJson>;
export type OfferView = Static<typeof OfferJson>;
export type SuggestionView = Static<typeof SuggestionJson>;

export const requestPath = (id: number) => `/support/requests/${id}`;
export const offerPath = (id: number) => `/support/offers/${id}`;

/** An organisation as a request names it: in the reader's language (member states), with its page. */
function named(orgs: Map<number, Organisation>, id: number | null, locale: string) {
  const org = id === null ? undefined : orgs.get(id);
  return org && id !== null
    ? { id, slug: org.slug, name: organisationDisplayName(org, locale), path: `/organisations/${org.slug}` }
    : null;
}

/**
 * Requests as the reader sees them: organisations named, tags in the reader's language, the
 * action named only while the reader may see it (its one rule, through `describeContent`).
 */
export async function presentRequests(
  ctx: ModuleContext,
  records: readonly Omit<RequestRecord, 'contacts'>[] | readonly RequestRecord[],
  actor: Actor,
  locale: string,
): Promise<RequestView[]> {
  const ids = records.map((r) => r.id);
  const contactsOf = (r: (typeof records)[number]) => ('contacts' in r ? r.contacts : []);
  const orgIds = records.flatMap((r) => [
    r.organisationId,
    ...(r.matchedOrganisationId === null ? [] : [r.matchedOrganisationId]),
    ...contactsOf(r).map((c) => c.organisationId),
  ]);
  const actionRefs = records.flatMap((r) => (r.actionId === null ? [] : [{ type: 'action', id: r.actionId }]));
  const [orgs, tags, actions] = await Promise.all([
    findOrganisationsByIds(ctx.db, orgIds),
    tagsOf(ctx.db, 'support-request', ids, locale),
    actionRefs.length > 0
      ? describeContent(ctx, actionRefs, await audienceOf(ctx, actor), locale, new Date())
      : Promise.resolve(() => undefined),
  ]);
  return records.map((r) => {
    const action = r.actionId === null ? undefined : actions('action', r.actionId);
    return {
      id: r.id,
      title: r.title,
      needed: r.needed,
      state: r.state,
      lang: r.lang,
      organisation: named(orgs, r.organisationId, locale),
      action: action ? { title: action.title, path: action.path, lang: action.lang } : null,
      tags: tags.get(r.id) ?? [],
      matchedOrganisation: named(orgs, r.matchedOrganisationId, locale),
      contacted: contactsOf(r).flatMap((c) => {
        const organisation = named(orgs, c.organisationId, locale);
        return organisation ? [{ organisation, at: c.at }] : [];
      }),
      createdAt: r.createdAt,
      path: requestPath(r.id),
    };
  });
}

/** Suggestions named, with their reasons said in the reader's language. */
export async function presentSuggestions(
  ctx: ModuleContext,
  suggestions: readonly Suggestion[],
  t: (key: string, values?: Record<string, string | number>) => string,
  locale: string,
): Promise<SuggestionView[]> {
  const orgs = await findOrganisationsByIds(
    ctx.db,
    suggestions.map((s) => s.organisationId),
  );
  const bandName = (band: string | number) => t(`support.sizeBand.${String(band)}`);
  return suggestions.flatMap((s) => {
    const organisation = named(orgs, s.organisationId, locale);
    if (!organisation) return [];
    const reasons = s.reasons.map((r) => ({
      text: t(r.kind, r.kind === 'support.reason.sizeBand' ? { band: bandName(r.values.band ?? '') } : r.values),
      points: r.points,
    }));
    return [{ organisation, score: s.score, reasons }];
  });
}

/** Offers named: by an organisation, or by a person (with their profile) while their account exists. */
export async function presentOffers(
  ctx: ModuleContext,
  records: readonly OfferRecord[],
  locale: string,
  deletedName: string,
): Promise<OfferView[]> {
  const [orgs, people, tags] = await Promise.all([
    findOrganisationsByIds(
      ctx.db,
      records.flatMap((r) => (r.organisationId === null ? [] : [r.organisationId])),
    ),
    findUsersByIds(
      ctx.db,
      records.map((r) => r.userId),
    ),
    tagsOf(
      ctx.db,
      'support-offer',
      records.map((r) => r.id),
      locale,
    ),
  ]);
  return records.map((r) => {
    const person = people.get(r.userId);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      lang: r.lang,
      organisation: named(orgs, r.organisationId, locale),
      person:
        r.organisationId !== null || !person
          ? null
          : person.deleted
            ? { name: deletedName, path: '' }
            : { name: person.displayName, path: `/people/${person.handle}` },
      tags: tags.get(r.id) ?? [],
      createdAt: r.createdAt,
      path: offerPath(r.id),
    };
  });
}

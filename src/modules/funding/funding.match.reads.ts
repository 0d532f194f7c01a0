import { contentTypesOf, VISITORS, type ContentAudience, type ModuleContext } from '../../core/module.js';
import { defineReads, dim, read } from '../../core/shared/index.js';
import { actionFactsOf, actionIdsOfOrganisations, type ActionFacts } from '../actions/index.js';
import { partnershipSlugsByIds } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import {
  FINISHED_ACTION_STATUSES,
  fitsOfItem,
  rankForAction,
  rankForOrganisation,
  rankForPartnership,
  type Fit,
  type MatchAction,
  type MatchOrganisation,
  type MatchProfile,
  type RankedItem,
  type Reason,
} from './funding.match.js';
import {
  candidateActionIds,
  candidateItemIds,
  matchItems,
  matchOrganisations,
  type Labels,
} from './funding.match.queries.js';

/** How many fits a page or its JSON twin shows at most. */
export const FITS_SHOWN = 10;

/** A reason in the words' terms: tags with their labels, organisations and actions with their names. */
export interface ReasonView {
  kind: Reason['kind'];
  tags?: { slug: string; label: string; lang: string }[];
  organisations?: { slug: string; name: string }[];
  aimed?: string[];
  status?: string;
  deadline?: string | null;
  opensAt?: string | null;
  beforeEnd?: boolean | null;
  endsOn?: string | null;
  actions?: { number: number; title: string; lang: string }[];
}

/** An item that fits, as pages and the API show it. */
export interface FitItem {
  id: number;
  title: string;
  lang: string;
  kind: string;
  programme: { slug: string; name: string } | null;
  status: string;
  opensAt: string | null;
  deadline: string | null;
  score: number;
  reasons: ReasonView[];
}

/** What fits an action, an organisation or a partnership. `finished`: an action that needs nothing more. */
export interface FitList {
  items: FitItem[];
  finished: boolean;
  /** The topics it was matched on, with their labels. */
  topics: { slug: string; label: string; lang: string }[];
  /** For an action: where it is and who sees it (a section under it checks again). */
  action?: { partnershipId: number; membersOnly: boolean; path: string };
  /** For an organisation: the page of its whole list. */
  organisation?: { path: string };
}

interface Names {
  labels: Labels;
  organisations: ReadonlyMap<string, MatchOrganisation>;
  actions?: ReadonlyMap<number, { title: string; lang: string }>;
}

function reasonView(r: Reason, names: Names): ReasonView {
  switch (r.kind) {
    case 'topics':
      return {
        kind: 'topics',
        tags: r.tags.map((slug) => ({ slug, ...(names.labels.get(slug) ?? { label: slug, lang: 'en' }) })),
      };
    case 'eligible':
      return {
        kind: 'eligible',
        organisations: r.organisations.map((slug) => ({ slug, name: names.organisations.get(slug)?.name ?? slug })),
        aimed: r.aimed,
      };
    case 'timing':
      return { ...r };
    case 'actions':
      return {
        kind: 'actions',
        actions: r.numbers.map((number) => ({ number, ...(names.actions?.get(number) ?? { title: '', lang: 'en' }) })),
      };
  }
}

const itemView = (r: RankedItem, names: Names): FitItem => ({
  id: r.id,
  title: r.title,
  lang: r.lang,
  kind: r.kind,
  programme: r.programme,
  status: r.status,
  opensAt: r.opensAt,
  deadline: r.deadline,
  score: r.score,
  reasons: r.reasons.map((x) => reasonView(x, names)),
});

/** An action's facts with its organisations from the directory. */
function asMatchAction(a: ActionFacts, orgs: ReadonlyMap<number, MatchOrganisation>): MatchAction {
  const of = (role: string) => a.organisations.filter((o) => o.role === role).flatMap((o) => orgs.get(o.id) ?? []);
  return { ...a, leads: of('lead'), contributors: of('contributor') };
}

const bySlug = (orgs: Iterable<MatchOrganisation>) => new Map([...orgs].map((o) => [o.slug, o]));

async function actionsWithOrganisations(ctx: ModuleContext, ids: readonly number[], lang: string) {
  const facts = await actionFactsOf(ctx.db, ids);
  const orgs = await matchOrganisations(
    ctx.db,
    facts.flatMap((a) => a.organisations.map((o) => o.id)),
    lang,
  );
  return { actions: facts.map((a) => asMatchAction(a, orgs)), orgs };
}

/** Adds the labels of these actions' tags (topics an item does not share are named too). */
async function labelActions(ctx: ModuleContext, ids: readonly number[], lang: string, labels: Labels) {
  for (const tags of (await tagsOf(ctx.db, 'action', [...ids], lang)).values())
    for (const t of tags) if (!labels.has(t.slug)) labels.set(t.slug, { label: t.label, lang: t.lang });
}

const topicsOf = (tags: Iterable<string>, labels: Labels) =>
  [...new Set(tags)].map((slug) => ({ slug, ...(labels.get(slug) ?? { label: slug, lang: 'en' }) }));

/** What fits one action (whoever reads its page sees it: the action's own visibility is checked by the page). */
async function fitsForAction(ctx: ModuleContext, id: number, lang: string, now: Date): Promise<FitList | null> {
  const { actions, orgs } = await actionsWithOrganisations(ctx, [id], lang);
  const action = actions[0];
  if (!action) return null;
  const days = ctx.config.fundingClosingSoonDays;
  const { items, labels } = await matchItems(
    ctx.db,
    await candidateItemIds(ctx.db, action.tags, now, days),
    now,
    days,
    lang,
  );
  const ranked = rankForAction(action, items, now, FITS_SHOWN);
  await labelActions(ctx, [id], lang, labels);
  const names = { labels, organisations: bySlug(orgs.values()) };
  const slug = (await partnershipSlugsByIds(ctx.db, [action.partnershipId])).get(action.partnershipId) ?? '';
  return {
    items: ranked.map((r) => itemView(r, names)),
    finished: FINISHED_ACTION_STATUSES.includes(action.status),
    topics: topicsOf(action.tags, labels),
    action: {
      partnershipId: action.partnershipId,
      membersOnly: action.membersOnly,
      path: `/partnerships/${slug}/actions/${action.number}/funding`,
    },
  };
}

/** An organisation's topics: the tags of the actions everyone sees that it leads or contributes to. */
async function profileOf(ctx: ModuleContext, org: MatchOrganisation) {
  const actionIds = await actionIdsOfOrganisations(ctx.db, [org.id], VISITORS, 100);
  const facts = await actionFactsOf(ctx.db, actionIds);
  const profile: MatchProfile = { ...org, tags: [...new Set(facts.flatMap((a) => a.tags))] };
  return { profile, actionIds };
}

async function fitsForOrganisation(ctx: ModuleContext, id: number, lang: string, now: Date): Promise<FitList | null> {
  const org = (await matchOrganisations(ctx.db, [id], lang)).get(id);
  if (!org) return null;
  const { profile, actionIds } = await profileOf(ctx, org);
  const days = ctx.config.fundingClosingSoonDays;
  const ids = await candidateItemIds(ctx.db, profile.tags, now, days);
  const { items, labels } = await matchItems(ctx.db, ids, now, days, lang);
  await labelActions(ctx, actionIds, lang, labels);
  const names = { labels, organisations: bySlug([org]) };
  return {
    items: rankForOrganisation(profile, items, FITS_SHOWN).map((r) => itemView(r, names)),
    finished: false,
    topics: topicsOf(profile.tags, labels),
    organisation: { path: `/organisations/${org.slug}/funding` },
  };
}

async function fitsForPartnership(
  ctx: ModuleContext,
  partnershipId: number,
  membersOnly: boolean,
  lang: string,
  now: Date,
): Promise<FitList> {
  const audience: ContentAudience = { membersOf: membersOnly ? [partnershipId] : [], editorOf: [], userId: null };
  const visible =
    (await contentTypesOf(ctx.modules).get('action')?.inPartnership?.(ctx.db, partnershipId, audience)) ?? [];
  const { actions, orgs } = await actionsWithOrganisations(
    ctx,
    visible.map((a) => a.id),
    lang,
  );
  const tags = [...new Set(actions.flatMap((a) => a.tags))];
  const days = ctx.config.fundingClosingSoonDays;
  const { items, labels } = await matchItems(ctx.db, await candidateItemIds(ctx.db, tags, now, days), now, days, lang);
  await labelActions(
    ctx,
    actions.map((a) => a.id),
    lang,
    labels,
  );
  const names = {
    labels,
    organisations: bySlug(orgs.values()),
    actions: new Map(actions.map((a) => [a.number, { title: a.title, lang: a.lang }])),
  };
  return {
    items: rankForPartnership(actions, items, now, FITS_SHOWN * 2).map((r) => itemView(r, names)),
    finished: false,
    topics: topicsOf(tags, labels),
  };
}

/** An action an item fits, as its page and the API show it. */
export interface FitAction {
  id: number;
  partnership: string;
  number: number;
  title: string;
  lang: string;
  score: number;
  reasons: ReasonView[];
}

/** An organisation an item fits. */
export interface FitOrganisation {
  slug: string;
  name: string;
  score: number;
  reasons: ReasonView[];
}

/**
 * What audience of actions a key names: `all`, or the partnerships whose members-only actions
 * the reader sees (ids, sorted, comma-separated; empty: public actions only).
 */
export function audienceKey(a: ContentAudience): string {
  if (a.membersOf === 'all' || a.editorOf === 'all') return 'all';
  return [...new Set([...a.membersOf, ...a.editorOf])].sort((x, y) => x - y).join(',');
}

const audienceOfKey = (key: string): ContentAudience =>
  key === 'all'
    ? { membersOf: 'all', editorOf: 'all', userId: null }
    : { membersOf: key ? key.split(',').map(Number) : [], editorOf: [], userId: null };

async function fitsForItem(ctx: ModuleContext, id: number, audience: string, lang: string, now: Date) {
  const days = ctx.config.fundingClosingSoonDays;
  const { items, labels } = await matchItems(ctx.db, [id], now, days, lang);
  const item = items[0];
  if (!item) return null;
  // Actions: those the reader sees; organisations: by the actions everyone sees (their topics are public).
  const [seen, pub] = await Promise.all([
    candidateActionIds(ctx.db, item.tags, audienceOfKey(audience)),
    candidateActionIds(ctx.db, item.tags, VISITORS),
  ]);
  const { actions, orgs } = await actionsWithOrganisations(ctx, seen, lang);
  const publicFacts = await actionFactsOf(ctx.db, pub);
  const orgIds = [...new Set(publicFacts.flatMap((a) => a.organisations.map((o) => o.id)))].slice(0, 100);
  const candidates = await matchOrganisations(ctx.db, orgIds, lang);
  // Each candidate's topics are those of every public action it works on, not only these.
  const theirs = await actionFactsOf(ctx.db, await actionIdsOfOrganisations(ctx.db, orgIds, VISITORS, 1000));
  const profiles: MatchProfile[] = [...candidates.values()].map((o) => ({
    ...o,
    tags: [...new Set(theirs.filter((a) => a.organisations.some((x) => x.id === o.id)).flatMap((a) => a.tags))],
  }));
  const fits = fitsOfItem(item, actions, profiles, now, FITS_SHOWN);
  const slugs = await partnershipSlugsByIds(
    ctx.db,
    fits.actions.map((a) => a.partnershipId),
  );
  const names = { labels, organisations: bySlug([...orgs.values(), ...candidates.values()]) };
  const view = (f: Fit) => ({ score: f.score, reasons: f.reasons.map((r) => reasonView(r, names)) });
  return {
    item: { id: item.id, title: item.title, lang: item.lang, status: item.status },
    actions: fits.actions.map((a): FitAction => ({
      id: a.id,
      partnership: slugs.get(a.partnershipId) ?? '',
      number: a.number,
      title: a.title,
      lang: a.lang,
      ...view(a),
    })),
    organisations: fits.organisations.map((o): FitOrganisation => ({ slug: o.slug, name: o.name, ...view(o) })),
  };
}

/** Matching's shared reads: status turns with the clock, so each is kept per minute (and until a write). */
export const matchReads = defineReads('funding', {
  matchAction: read({
    key: { action: dim.id, lang: dim.language },
    clock: 60,
    load: (ctx, k, time) => fitsForAction(ctx, k.action, k.lang, time.now),
  }),
  matchOrganisation: read({
    key: { organisation: dim.id, lang: dim.language },
    clock: 60,
    load: (ctx, k, time) => fitsForOrganisation(ctx, k.organisation, k.lang, time.now),
  }),
  matchPartnership: read({
    key: { partnership: dim.id, membersOnly: dim.flag, lang: dim.language },
    clock: 60,
    load: (ctx, k, time) => fitsForPartnership(ctx, k.partnership, k.membersOnly, k.lang, time.now),
  }),
  matchItem: read({
    // The actions the reader sees: a dimension (`audienceKey`), so no reader's answer reaches another.
    key: { item: dim.id, audience: dim.text, lang: dim.language },
    clock: 60,
    load: (ctx, k, time) => fitsForItem(ctx, k.item, k.audience, k.lang, time.now),
  }),
});

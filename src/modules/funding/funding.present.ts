import type { Static } from 'typebox';
import type { TagView } from '../tags/index.js';
import type { Opportunity, Programme } from './funding.queries.js';
import type { OpportunityDetail, OpportunitySummary, ProgrammeOut } from './funding.schema.js';
import { nextDeadline, statusAt } from './funding.status.js';

export type SummaryOut = Static<typeof OpportunitySummary>;
export type DetailOut = Static<typeof OpportunityDetail>;
export type ProgrammeShown = Static<typeof ProgrammeOut>;

/** An item's page, after `/{lang}`. */
export const opportunityPath = (id: number): string => `/funding/${id}`;
export const programmePath = (slug: string): string => `/funding/programmes/${encodeURIComponent(slug)}`;

/** An item as lists show it, with its status at `now`. */
export function summaryOf(o: Opportunity, topics: TagView[], now: Date, closingSoonDays: number): SummaryOut {
  const next = nextDeadline(o, now);
  return {
    id: o.id,
    title: o.title,
    summary: o.summary,
    lang: o.lang,
    kind: o.kind,
    stage: o.stage,
    state: o.state,
    status: statusAt(o, now, closingSoonDays),
    programme: o.programme ? { slug: o.programme.slug, name: o.programme.name } : null,
    opens_at: o.opensAt,
    next_deadline: next ? { at: next.at, label: next.label } : null,
    closes_at: o.closesAt,
    time_zone: o.timeZone,
    budget_eur: o.budgetEur,
    grant_min_eur: o.grantMinEur,
    grant_max_eur: o.grantMaxEur,
    eligibility: {
      kinds: [...o.eligibility.kinds],
      countries: [...o.eligibility.countries],
      sizes: [...o.eligibility.sizes],
    },
    topics: topics.map((t) => ({ slug: t.slug, label: t.label, lang: t.lang })),
    path: opportunityPath(o.id),
  };
}

/** An item whole. */
export function detailOf(o: Opportunity, topics: TagView[], now: Date, closingSoonDays: number): DetailOut {
  return {
    ...summaryOf(o, topics, now, closingSoonDays),
    body: o.body,
    deadlines: o.deadlines.map((d) => ({ at: d.at, label: d.label })),
    cofinancing_rate: o.cofinancingRate,
    url: o.url,
    contact: o.contact,
    version: o.version,
    updated_at: o.updatedAt,
  };
}

export function programmeOut(p: Programme): ProgrammeShown {
  return {
    slug: p.slug,
    name: p.name,
    period_from: p.periodFrom,
    period_to: p.periodTo,
    budget_eur: p.budgetEur,
    budget_note: p.budgetNote,
    managing_service: p.managingService,
    url: p.url,
    description: p.description,
  };
}

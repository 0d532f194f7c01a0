import { SORTS, type ActionSummary, type PlanQuery, type Sort } from './actions.schema.js';
import { ACTION_STATUSES } from './actions.tables.js';

/** The plan's filters as checked against the plan itself: what names nothing in it is left out, and said. */
export interface PlanFilter {
  theme?: number;
  status?: ActionSummary['status'];
  lead?: string;
  tag?: string;
  sort: Sort;
}

/** Checks a query's filters against the plan: a theme, lead or tag it does not have is ignored (and named). */
export function checkFilter(
  plan: { themes: readonly { position: number }[]; items: readonly ActionSummary[] },
  query: PlanQuery,
): { filter: PlanFilter; ignored: string[] } {
  const ignored: string[] = [];
  const filter: PlanFilter = { sort: query.sort && SORTS.includes(query.sort) ? query.sort : 'number' };
  const status = ACTION_STATUSES.find((s) => s === query.status);
  if (status) filter.status = status;
  if (query.theme) {
    const position = Number(query.theme);
    if (plan.themes.some((t) => t.position === position)) filter.theme = position;
    else ignored.push('theme');
  }
  if (query.lead) {
    if (plan.items.some((a) => a.leads.some((l) => l.slug === query.lead))) filter.lead = query.lead;
    else ignored.push('lead');
  }
  if (query.tag) {
    if (plan.items.some((a) => a.tags.some((t) => t.slug === query.tag))) filter.tag = query.tag;
    else ignored.push('tag');
  }
  return { filter, ignored };
}

const STATUS_ORDER = new Map(ACTION_STATUSES.map((s, i) => [s, i]));

/** The actions a filter keeps, in its order (ties by number). */
export function applyFilter<T extends ActionSummary>(items: readonly T[], f: PlanFilter): T[] {
  const kept = items.filter(
    (a) =>
      (f.theme === undefined || a.theme?.position === f.theme) &&
      (f.status === undefined || a.status === f.status) &&
      (f.lead === undefined || a.leads.some((l) => l.slug === f.lead)) &&
      (f.tag === undefined || a.tags.some((t) => t.slug === f.tag)),
  );
  const by: Record<Sort, (a: T, b: T) => number> = {
    number: () => 0,
    status: (a, b) => STATUS_ORDER.get(a.status)! - STATUS_ORDER.get(b.status)!,
    progress: (a, b) => b.progress - a.progress,
    // Earliest end first; no end last.
    end: (a, b) => (a.endsOn ?? '9999').localeCompare(b.endsOn ?? '9999'),
  };
  return kept.sort((a, b) => by[f.sort](a, b) || a.number - b.number);
}

/** The query string of a filter (for links and the fragment's key), without the defaults. */
export function filterQuery(f: PlanFilter): string {
  const params = new URLSearchParams();
  if (f.theme !== undefined) params.set('theme', String(f.theme));
  if (f.status) params.set('status', f.status);
  if (f.lead) params.set('lead', f.lead);
  if (f.tag) params.set('tag', f.tag);
  if (f.sort !== 'number') params.set('sort', f.sort);
  return params.toString();
}

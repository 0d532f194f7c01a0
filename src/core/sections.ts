import type { VNode } from 'preact';
import type { ModuleContext, UrbisModule } from './module.js';
import type { PageContext } from './views/page-context.js';

/** What a piece of content is, for the sections other modules put under it (the comments under a post). */
export interface ContentSubject {
  type: string;
  id: number;
  /** The page's query string, for a section's own paging. */
  query: Record<string, string | undefined>;
}

/** A request's query string as text, for the sections under a piece of content (the comments' paging). */
export const sectionQuery = (query: unknown): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : undefined,
    ]),
  );

type Where = 'home' | 'profile' | 'content';
interface Section {
  order: number;
  render(page: PageContext, ctx: ModuleContext, subject?: never): Promise<VNode | null>;
}

const FIELD = { home: 'homeSections', profile: 'profileSections', content: 'contentSections' } as const;

// Every module is registered before the first page is rendered: the order is worked out once.
const ordered = new WeakMap<readonly UrbisModule[], Partial<Record<Where, readonly Section[]>>>();

function sectionsOf(modules: readonly UrbisModule[], where: Where): readonly Section[] {
  let known = ordered.get(modules);
  if (!known) ordered.set(modules, (known = {}));
  return (known[where] ??= modules
    .flatMap((m): readonly unknown[] => m[FIELD[where]] ?? [])
    .map((s) => s as Section)
    .sort((a, b) => a.order - b.order));
}

/**
 * The blocks other modules contribute to a page, in their order, leaving out those that have
 * nothing to show: on the home page (`homeSections`), on a person's profile
 * (`profileSections`) and under a piece of content (`contentSections`: the comments under a
 * post). The page that owns the place renders them with this, and nothing else.
 */
export function renderSections(ctx: ModuleContext, page: PageContext, where: 'home'): Promise<VNode[]>;
export function renderSections(
  ctx: ModuleContext,
  page: PageContext,
  where: 'profile',
  person: { handle: string },
): Promise<VNode[]>;
export function renderSections(
  ctx: ModuleContext,
  page: PageContext,
  where: 'content',
  subject: ContentSubject,
): Promise<VNode[]>;
export async function renderSections(
  ctx: ModuleContext,
  page: PageContext,
  where: Where,
  subject?: unknown,
): Promise<VNode[]> {
  const sections = sectionsOf(ctx.modules, where);
  const rendered = await Promise.all(sections.map((s) => s.render(page, ctx, subject as never)));
  return rendered.filter((node): node is VNode => node !== null);
}

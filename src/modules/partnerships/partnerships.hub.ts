import type { VNode } from 'preact';
import type { HubBlock, HubPartnership, ModuleContext, PartnershipSection, UrbisModule } from '../../core/module.js';
import type { PageContext } from '../../core/views/page-context.js';

/** A tab of a partnership's sub-navigation: its label (a message key) and path after `/partnerships/{slug}`. */
export interface HubTab {
  label: string;
  path: string;
}

/** Partnerships' own sections: the overview, the members, the pages (always there: the list says when it is empty). */
export const partnershipsSections: PartnershipSection[] = [
  { order: 0, label: 'partnerships.hub.overview', path: '' },
  { order: 40, label: 'partnerships.hub.members', path: '/members' },
  { order: 50, label: 'partnerships.hub.pages', path: '/pages' },
];

// Every module is registered before the first page is rendered: the order is worked out once.
const ordered = new WeakMap<readonly UrbisModule[], readonly PartnershipSection[]>();

/** Every module's sections of a partnership's hub, in their order (the order of registry breaks ties). */
export function hubSections(modules: readonly UrbisModule[]): readonly PartnershipSection[] {
  let sections = ordered.get(modules);
  if (!sections) {
    sections = modules.flatMap((m) => m.partnershipSections ?? []).sort((a, b) => a.order - b.order);
    ordered.set(modules, sections);
  }
  return sections;
}

/** The tabs of every partnership's sub-navigation, for `PartnershipFrame` (other modules' pages call this too). */
export function hubTabs(ctx: Pick<ModuleContext, 'modules'>): readonly HubTab[] {
  return hubSections(ctx.modules).map(({ label, path }) => ({ label, path }));
}

/** The blocks of the overview in one place, in their order. */
export function hubBlocks(ctx: Pick<ModuleContext, 'modules'>, place: HubBlock['place']): readonly HubBlock[] {
  return hubSections(ctx.modules)
    .flatMap((s) => (s.block && s.block.place === place ? [s.block] : []))
    .sort((a, b) => a.order - b.order);
}

/** The overview's blocks in one place, rendered for this reader, leaving out those with nothing to show. */
export async function renderHubBlocks(
  ctx: ModuleContext,
  page: PageContext,
  place: HubBlock['place'],
  partnership: HubPartnership,
): Promise<VNode[]> {
  const rendered = await Promise.all(hubBlocks(ctx, place).map((b) => b.render(page, ctx, partnership)));
  return rendered.filter((node): node is VNode => node !== null);
}

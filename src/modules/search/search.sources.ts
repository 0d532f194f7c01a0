import type { ModuleContext } from '../../core/module.js';
import type { SearchSource } from '../../core/search/contract.js';

/** Every registered module's search sources, by type (the first module that offers a type has it). */
export function searchSources(ctx: ModuleContext): ReadonlyMap<string, SearchSource> {
  const sources = new Map<string, SearchSource>();
  for (const module of ctx.modules)
    for (const source of module.search?.(ctx) ?? []) if (!sources.has(source.type)) sources.set(source.type, source);
  return sources;
}

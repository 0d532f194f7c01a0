import type { ModuleContext } from './core/module.js';

/** Loads every module's demo content, in registry order. */
export async function seedDemo(ctx: ModuleContext): Promise<void> {
  for (const module of ctx.modules) {
    if (module.seedDemo) await module.seedDemo(ctx);
  }
}

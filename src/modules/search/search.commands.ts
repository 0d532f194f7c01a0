import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { UrbisModule } from '../../core/module.js';
import { rebuildIndex } from './search.job.js';

type Open = Parameters<NonNullable<UrbisModule['commands']>>[1];

/** `urbis search reindex`: builds the search index anew from every module's content, with a progress bar. */
export function registerSearchCommands(program: Command, open: Open): void {
  const search = program.command('search').description('the search index');
  search
    .command('reindex')
    .description('build the search index anew from every module’s content')
    .action(async () => {
      const ctx = await open();
      const bar =
        process.stderr.isTTY === true
          ? new cliProgress.SingleBar(
              {
                format: 'Indexing {bar} {value}/{total} types | {items} items | {duration_formatted}',
                stream: process.stderr,
                hideCursor: true,
                clearOnComplete: true,
                fps: 5,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      let started = false;
      try {
        const count = await rebuildIndex(ctx, (items, typesDone, types) => {
          if (!bar) return;
          if (!started) bar.start(types, typesDone, { items });
          else bar.update(typesDone, { items });
          started = true;
        });
        bar?.stop();
        console.log(`Indexed ${count} items.`);
      } finally {
        bar?.stop();
        await ctx.close();
      }
    });
}

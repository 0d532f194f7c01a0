import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { importProgress } from '../../core/progress.js';
import type { ModuleContext, UrbisModule } from '../../core/module.js';
import { IMPORT_MAX_BYTES, importFunding, type FundingImportReport, type ImportFormat } from './funding.import.js';

type Open = Parameters<NonNullable<UrbisModule['commands']>>[1];

/** The `urbis funding` command, whichever part of the module adds its subcommands first (editors, import). */
const fundingCommand = (program: Command): Command =>
  program.commands.find((c) => c.name() === 'funding') ??
  program.command('funding').description('the funding and policy pipeline');

/** An import's report as lines of English: every problem with its row and column, then what happened. */
export function importReportLines(ctx: ModuleContext, report: FundingImportReport): string[] {
  const { t } = ctx.i18n('en');
  const lines = report.problems.map((p) => `file${p.column ? `, column ${p.column}` : ''}: ${t(p.key, p.params)}`);
  for (const row of report.rows)
    for (const p of row.problems) {
      const where = `${row.list === 'programme' ? 'programme ' : ''}row ${row.row}`;
      lines.push(`${where}${p.column ? `, column ${p.column}` : ''}: ${t(p.key, p.params)}`);
    }
  if (report.problems.length > 0) return [...lines, 'Nothing was stored: the file cannot be read.'];
  const refused = report.items.refused + report.programmes.refused > 0;
  // Nothing is stored when a row is refused: what the others would have had done is said so.
  const would = report.dryRun || refused ? 'would be ' : '';
  const said = (what: string, c: FundingImportReport['items']) =>
    `${what}: ${c.created} ${would}created, ${c.updated} ${would}updated, ` +
    `${c.unchanged} unchanged, ${c.refused} refused.`;
  if (report.programmes.created + report.programmes.updated + report.programmes.unchanged + report.programmes.refused)
    lines.push(said('Programmes', report.programmes));
  if (report.rows.some((r) => r.list === 'item')) lines.push(said('Items', report.items));
  lines.push(
    report.dryRun
      ? 'Dry run: nothing was stored.'
      : report.stored
        ? 'Stored.'
        : refused
          ? 'Nothing was stored: every row is taken or none (correct the rows above and import again).'
          : 'Nothing was stored: the register already holds the file.',
  );
  return lines;
}

/**
 * `urbis funding import <file> [--format csv|json] [--dry-run] [--no-progress]`: programmes and
 * items of the register from a file (README, "Import"), all or nothing, as "the platform" (versions
 * without an author); a progress bar on a terminal, plain lines otherwise; exit code 1 when anything
 * is refused, 2 when the command is called wrongly.
 */
export function registerImportCommand(program: Command, open: Open): void {
  fundingCommand(program)
    .command('import')
    .description('take programmes and items from a CSV or JSON file into the register: all or nothing')
    .argument('<file>', 'the file (UTF-8 CSV with a header row, or JSON)')
    .option('--format <format>', 'csv or json (default: read from the file)')
    .option('--dry-run', 'check only: report what would happen, store nothing', false)
    .option('--no-progress', 'no progress bar (there is none either when stderr is not a terminal)')
    .action(async (file: string, options: { format?: string; dryRun: boolean; progress: boolean }) => {
      const refuse = (why: string, code: 1 | 2) => {
        console.error(`Urbis cannot import: ${why}.`);
        process.exitCode = code;
      };
      if (options.format !== undefined && options.format !== 'csv' && options.format !== 'json')
        return refuse(`--format must be csv or json (got "${options.format}")`, 2);
      const size = await stat(file).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      );
      if (size === null) return refuse(`there is no file "${file}"`, 2);
      if (size > IMPORT_MAX_BYTES) return refuse(`the file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB`, 1);
      const bytes = await readFile(file);
      const ctx = await open();
      try {
        const progress = importProgress({ show: options.progress === true, unit: 'rows', plainFrom: 1000 });
        const report = await importFunding(ctx, bytes, {
          dryRun: options.dryRun,
          userId: null,
          ...(options.format ? { format: options.format as ImportFormat } : {}),
          onProgress: progress.onProgress,
        });
        progress.stop();
        const refused = report.problems.length > 0 || report.items.refused + report.programmes.refused > 0;
        for (const line of importReportLines(ctx, report)) (refused ? console.error : console.log)(line);
        if (refused) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
    });
}

import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { importProgress } from '../../core/progress.js';
import type { ModuleContext, UrbisModule } from '../../core/module.js';
import { partnershipIdOf } from '../partnerships/index.js';
import { IMPORT_MAX_BYTES, importPlan, type ImportReport } from './actions.import.js';
import { planCsv, planJson, planRecord } from './actions.transfer.js';

type Open = Parameters<NonNullable<UrbisModule['commands']>>[1];

/** Says why a command cannot run, on stderr, and sets the exit code (2: how it was called; 1: what it names). */
function refuse(verb: 'export' | 'import', why: string, code: 1 | 2): void {
  console.error(`Urbis cannot ${verb}: ${why}.`);
  process.exitCode = code;
}

/** An import's report as lines of English: the file's problems, or each row with problems, then the outcome. */
export function reportLines(ctx: ModuleContext, report: ImportReport): string[] {
  const { t } = ctx.i18n('en');
  const where = (row: number | null, column: string | null) =>
    [row === null ? null : `row ${row}`, column === null ? null : `column ${column}`].filter(Boolean).join(', ');
  const lines = [
    ...report.problems.map((p) => `${where(p.row, p.column) || 'file'}: ${t(p.key, p.params)}`),
    ...report.rows.flatMap((r) => r.problems.map((p) => `${where(r.row, p.column)}: ${t(p.key, p.params)}`)),
  ];
  if (report.problems.length > 0) return [...lines, 'Nothing was stored: the file cannot be read.'];
  const { created, updated, unchanged, refused, themes } = report.counts;
  const verb = report.dryRun ? 'would be ' : '';
  lines.push(
    `Actions: ${created} ${verb}created, ${updated} ${verb}updated, ${unchanged} unchanged, ${refused} ` +
      `${report.dryRun ? 'would be ' : ''}refused; themes ${verb}added: ${themes}.`,
  );
  lines.push(
    report.dryRun
      ? 'Dry run: nothing was stored.'
      : report.stored
        ? 'Stored.'
        : report.atomic && refused > 0
          ? 'Nothing was stored (--atomic, and a row was refused).'
          : 'Nothing was stored.',
  );
  return lines;
}

/**
 * `urbis actions export <slug> [--format csv|json]` (the whole plan, members-only actions included:
 * the command line is the platform's operator) and `urbis actions import <slug> <file.csv>
 * [--dry-run] [--atomic]` (as "the platform": versions without an author), with a progress bar on
 * a terminal and plain lines otherwise.
 */
export function registerActionCommands(program: Command, open: Open): void {
  const actions = program.command('actions').description('a partnership’s action plan as a file: export and import');
  actions
    .command('export')
    .description('write a partnership’s action plan to standard output, as CSV (default) or JSON')
    .argument('<partnership-slug>', 'the partnership, by the slug in its address')
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (slug: string, options: { format: string }) => {
      if (options.format !== 'csv' && options.format !== 'json')
        return refuse('export', `--format must be csv or json (got "${options.format}")`, 2);
      const ctx = await open();
      try {
        const id = await partnershipIdOf(ctx.db, slug);
        if (id === null) return refuse('export', `there is no partnership "${slug}"`, 1);
        const plan = await planRecord(ctx, id, true);
        process.stdout.write(options.format === 'csv' ? planCsv(plan) : planJson(slug, plan));
      } finally {
        await ctx.close();
      }
    });
  actions
    .command('import')
    .description('take a CSV file into a partnership’s action plan: new numbers are created, known ones updated')
    .argument('<partnership-slug>', 'the partnership, by the slug in its address')
    .argument('<file>', 'the CSV file (UTF-8, with the columns of the export)')
    .option('--dry-run', 'check only: report what would be taken, store nothing', false)
    .option('--atomic', 'take nothing if any row is refused', false)
    .option('--no-progress', 'no progress bar (there is none either when stderr is not a terminal)')
    .action(async (slug: string, file: string, options: { dryRun: boolean; atomic: boolean; progress: boolean }) => {
      const size = await stat(file).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) return refuse('import', `there is no file "${file}"`, 2);
      if (size > IMPORT_MAX_BYTES)
        return refuse('import', `the file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB`, 1);
      const ctx = await open();
      try {
        const id = await partnershipIdOf(ctx.db, slug);
        if (id === null) return refuse('import', `there is no partnership "${slug}"`, 1);
        const lang = (
          await ctx.db.selectFrom('partnerships').select('original_lang').where('id', '=', id).executeTakeFirst()
        )?.original_lang;
        const progress = importProgress({ show: options.progress === true, unit: 'actions', plainFrom: 100 });
        const report = await importPlan(ctx, id, await readFile(file), {
          dryRun: options.dryRun,
          atomic: options.atomic,
          userId: null,
          lang: lang ?? 'en',
          onProgress: progress.onProgress,
        });
        progress.stop();
        const lines = reportLines(ctx, report);
        const refused = report.problems.length > 0 || report.counts.refused > 0;
        for (const line of lines) (refused ? console.error : console.log)(line);
        if (refused) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
    });
}

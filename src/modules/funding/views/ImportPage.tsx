import type { FieldErrors } from '../../../core/http/forms.js';
import { FileField } from '../../../core/uploads/views.js';
import { Button, ErrorSummary, Notice, TokenInput } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { IMPORT_MAX_BYTES, problemsOf, type FundingImportReport } from '../funding.import.js';
import { ITEM_COLUMNS, PROGRAMME_COLUMNS } from '../funding.transfer.js';

/** The report of an import as one sentence: what happened to the file as a whole. */
export function importVerdict(report: FundingImportReport): string {
  if (report.problems.length > 0) return 'file';
  const refused = report.items.refused + report.programmes.refused > 0;
  if (report.dryRun) return refused ? 'dryRunRefused' : 'dryRun';
  if (report.stored) return 'stored';
  return refused ? 'refused' : 'unchanged';
}

function Report({ page, report }: { page: PageContext; report: FundingImportReport }) {
  const { t } = page;
  const problems = problemsOf(report);
  const where = (list: string | null, row: number | null) =>
    row === null
      ? t('funding.import.report.file')
      : list === 'programme'
        ? t('funding.import.report.programmeRow', { row })
        : String(row);
  const refused = report.items.refused + report.programmes.refused > 0;
  return (
    <section aria-labelledby="import-report">
      <h2 id="import-report">{t('funding.import.report.title')}</h2>
      <Notice kind={report.stored ? 'success' : refused || report.problems.length > 0 ? 'warning' : 'info'}>
        <p>{t(`funding.import.verdict.${importVerdict(report)}`)}</p>
      </Notice>
      {report.problems.length === 0 ? (
        <table class="table">
          <caption>{t('funding.import.report.counts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('funding.import.report.what')}</th>
              <th scope="col">{t('funding.import.report.items')}</th>
              <th scope="col">{t('funding.import.report.programmes')}</th>
            </tr>
          </thead>
          <tbody>
            {(['created', 'updated', 'unchanged', 'refused'] as const).map((k) => (
              <tr>
                <th scope="row">{t(`funding.import.outcome.${k}`)}</th>
                <td>{report.items[k]}</td>
                <td>{report.programmes[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {problems.length > 0 ? (
        // Wide on a phone: the table scrolls in its own region, reachable by keyboard.
        <div class="table-wrap" role="region" aria-labelledby="import-problems-caption" tabIndex={0}>
          <table class="table">
            <caption id="import-problems-caption">{t('funding.import.report.problems')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('funding.import.report.row')}</th>
                <th scope="col">{t('funding.import.report.column')}</th>
                <th scope="col">{t('funding.import.report.message')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr>
                  <th scope="row">{where(p.list, p.row)}</th>
                  <td>{p.column ? <code>{p.column}</code> : null}</td>
                  <td>{t(p.key, p.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** Importing a CSV or JSON file into the register (editors and administrators): the form, and the report of a run. */
export function ImportPage({
  page,
  view,
}: {
  page: PageContext;
  view: { dryRun: boolean; errors: FieldErrors; report: FundingImportReport | null };
}) {
  const { t } = page;
  const { dryRun, errors, report } = view;
  const heading = t('funding.import.title');
  const labels = { file: t('funding.import.file') };
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('funding.import.register'), path: '/funding' }, { label: t('funding.import.crumb') }]}
    >
      <h1>{heading}</h1>
      {report ? <Report page={page} report={report} /> : null}
      <p>{t('funding.import.intro')}</p>
      <p>
        {t('funding.import.format')} <a href={page.href('/funding.csv')}>{t('funding.import.exportCsv')}</a>
        {' · '}
        <a href={page.href('/funding/programmes.csv')}>{t('funding.import.exportProgrammesCsv')}</a>
        {' · '}
        <a href={page.href('/funding.json')}>{t('funding.import.exportJson')}</a>
      </p>
      <details>
        <summary>{t('funding.import.columnsTitle')}</summary>
        <p>
          {t('funding.import.itemColumns')} <code>{ITEM_COLUMNS.join(', ')}</code>
        </p>
        <p>
          {t('funding.import.programmeColumns')} <code>{PROGRAMME_COLUMNS.join(', ')}</code>
        </p>
      </details>
      <ErrorSummary page={page} errors={errors} labels={labels} />
      {/* The core's Form, with the encoding that carries files. */}
      <form method="post" action={page.href('/funding/import')} enctype="multipart/form-data" noValidate>
        <TokenInput page={page} />
        <FileField
          label={labels.file}
          hint={t('funding.import.fileHint', { limit: IMPORT_MAX_BYTES / (1024 * 1024) })}
          error={errors.file}
          accept=".csv,.json,text/csv,application/json"
          required
        />
        <div class="field">
          <input type="checkbox" id="field-dry_run" name="dry_run" checked={dryRun} />{' '}
          <label for="field-dry_run">{t('funding.import.dryRun')}</label>
        </div>
        <Button>{t('funding.import.send')}</Button>
      </form>
    </Layout>
  );
}

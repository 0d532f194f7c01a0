import type { FieldErrors } from '../../../core/http/forms.js';
import { FileField } from '../../../core/uploads/views.js';
import { Button, ErrorSummary, Notice, TokenInput } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { PartnershipFrame, type HubTab, type PartnershipDetail } from '../../partnerships/index.js';
import { IMPORT_MAX_BYTES, type ImportReport, type RowReport } from '../actions.import.js';
import { COLUMNS } from '../actions.transfer.js';

/** What the import form was sent with (or starts with: a dry run, atomic). */
export interface ImportValues {
  mode: 'dry_run' | 'import';
  atomic: boolean;
}

/** The result of an import as a sentence: what happened to the file as a whole. */
function verdict(report: ImportReport): string {
  const refused = report.rows.some((r) => r.outcome === 'refused');
  if (report.dryRun) return refused ? 'dryRunRefused' : 'dryRun';
  if (report.stored) return refused ? 'storedSome' : 'stored';
  if (report.atomic && refused) return 'atomicRefused';
  return refused ? 'nothingTaken' : 'unchanged';
}

function ReportTable({ page, report }: { page: PageContext; report: ImportReport }) {
  const { t } = page;
  const outcome = (r: RowReport) => t(`actions.transfer.${report.dryRun ? 'would' : 'outcome'}.${r.outcome}`);
  return (
    // Wide on a phone: the table scrolls in its own region, reachable by keyboard.
    <div class="table-wrap" role="region" aria-labelledby="import-rows-caption" tabIndex={0}>
      <table class="table">
        <caption id="import-rows-caption">{t('actions.transfer.report.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('actions.transfer.report.row')}</th>
            <th scope="col">{t('actions.transfer.report.kind')}</th>
            <th scope="col">{t('actions.transfer.report.number')}</th>
            <th scope="col">{t('actions.transfer.report.outcome')}</th>
            <th scope="col">{t('actions.transfer.report.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr>
              <th scope="row">{r.row}</th>
              <td>{r.kind ?? ''}</td>
              <td>{r.number ?? ''}</td>
              <td>{outcome(r)}</td>
              <td>
                {r.problems.length > 0 ? (
                  <ul>
                    {r.problems.map((p) => (
                      <li>
                        {p.column ? <code>{p.column}</code> : null}
                        {p.column ? ': ' : null}
                        {t(p.key, p.params)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Importing a CSV file into a partnership's action plan: the form (a dry run first) and the report of a run. */
export function ImportPage({
  page,
  view,
}: {
  page: PageContext;
  view: {
    partnership: PartnershipDetail;
    tabs: readonly HubTab[];
    values: ImportValues;
    errors: FieldErrors;
    report: ImportReport | null;
  };
}) {
  const { t } = page;
  const { partnership, values, errors, report } = view;
  const plan = `/partnerships/${partnership.slug}/actions`;
  const heading = t('actions.transfer.import.title');
  const labels = { file: t('actions.transfer.import.file') };
  const { counts } = report ?? { counts: null };
  return (
    <Layout
      page={page}
      title={`${heading} – ${partnership.title}`}
      breadcrumbs={[
        { label: t('actions.partnerships'), path: '/partnerships' },
        { label: partnership.title, path: `/partnerships/${partnership.slug}` },
        { label: t('actions.hub.tab'), path: plan },
        { label: t('actions.transfer.import.crumb') },
      ]}
    >
      <PartnershipFrame page={page} partnership={partnership} tabs={view.tabs} current="/actions">
        <h1>{heading}</h1>
        {report && counts ? (
          <section aria-labelledby="import-report">
            <h2 id="import-report">{t('actions.transfer.report.title')}</h2>
            <Notice kind={report.stored ? 'success' : 'info'}>
              <p>{t(`actions.transfer.verdict.${verdict(report)}`)}</p>
            </Notice>
            <table class="table">
              <caption>{t('actions.transfer.report.counts')}</caption>
              <tbody>
                {(['created', 'updated', 'unchanged', 'refused'] as const).map((k) => (
                  <tr>
                    <th scope="row">{t(`actions.transfer.${report.dryRun ? 'would' : 'outcome'}.${k}`)}</th>
                    <td>{counts[k]}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('actions.transfer.report.themes')}</th>
                  <td>{counts.themes}</td>
                </tr>
              </tbody>
            </table>
            <ReportTable page={page} report={report} />
          </section>
        ) : null}
        <p>{t('actions.transfer.import.intro')}</p>
        <p>
          {t('actions.transfer.import.template')}{' '}
          <a href={page.href(`${plan}.csv`)}>{t('actions.transfer.exportCsv')}</a>
        </p>
        <details>
          <summary>{t('actions.transfer.import.columnsTitle')}</summary>
          <p>{t('actions.transfer.import.columns')}</p>
          <p>
            <code>{COLUMNS.join(', ')}</code>
          </p>
        </details>
        <ErrorSummary page={page} errors={errors} labels={labels} />
        {/* The core's Form, with the encoding that carries files. */}
        <form method="post" action={page.href(`${plan}/import`)} enctype="multipart/form-data" noValidate>
          <TokenInput page={page} />
          <FileField
            label={labels.file}
            hint={t('actions.transfer.import.fileHint', { limit: IMPORT_MAX_BYTES / (1024 * 1024) })}
            error={errors.file}
            accept=".csv,text/csv"
            required
          />
          <fieldset class="fieldset">
            <legend>{t('actions.transfer.import.mode')}</legend>
            {(['dry_run', 'import'] as const).map((mode) => {
              const id = `field-mode-${mode}`;
              return (
                <div class="field">
                  <input type="radio" id={id} name="mode" value={mode} checked={values.mode === mode} />{' '}
                  <label for={id}>{t(`actions.transfer.import.${mode === 'dry_run' ? 'dryRun' : 'import'}`)}</label>
                </div>
              );
            })}
          </fieldset>
          <div class="field">
            <input type="checkbox" id="field-atomic" name="atomic" checked={values.atomic} />{' '}
            <label for="field-atomic">{t('actions.transfer.import.atomic')}</label>
          </div>
          <Button>{t('actions.transfer.import.send')}</Button>
        </form>
      </PartnershipFrame>
    </Layout>
  );
}

/** The plan page's links to its files, and to the import for those who may (outside the shared list). */
export function TransferLinks({ page, slug, importable }: { page: PageContext; slug: string; importable: boolean }) {
  const { t } = page;
  const plan = `/partnerships/${slug}/actions`;
  return (
    <p>
      {t('actions.transfer.exportLabel')}: <a href={page.href(`${plan}.csv`)}>{t('actions.transfer.exportCsv')}</a>
      {' · '}
      <a href={page.href(`${plan}.json`)}>{t('actions.transfer.exportJson')}</a>
      {importable ? (
        <>
          {' · '}
          <a href={page.href(`${plan}/import`)}>{t('actions.transfer.importLink')}</a>
        </>
      ) : null}
    </p>
  );
}

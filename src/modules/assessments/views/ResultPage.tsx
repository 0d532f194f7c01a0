import { ChartPair } from '../../../core/views/charts.js';
import { Notice, Table } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { organisationDisplayName } from '../../organisations/index.js';
import type { Pointer } from '../assessments.pointers.js';
import { ANONYMITY_THRESHOLD } from '../assessments.scoring.js';
import type { AssessmentView, DimensionResult } from '../assessments.service.js';

const WIDTH = 520;
const LABEL = 180;
const BAR = 14;
const ROW = 3 * BAR + 14;
const TOP = 8;
const LEGEND = 28;

/**
 * The scores per dimension as bars from 0 to 100: this assessment's, the one before (when there is
 * one) and a mark at the size band's average (when shown). An image with its own title and
 * description, which say what it shows; the table beside it has every number.
 */
function ScoreChart({ page, rows, hasPrevious }: { page: PageContext; rows: DimensionResult[]; hasPrevious: boolean }) {
  const { t } = page;
  const span = WIDTH - LABEL - 40;
  const x = (score: number) => LABEL + Math.round((score / 100) * span);
  const height = TOP + rows.length * ROW + LEGEND;
  const description = rows
    .map((r) =>
      t('assessments.chart.row', {
        dimension: r.dimension.name,
        score: r.score,
        previous: r.previous ?? 'none',
        average: r.bandAverage ?? 'none',
      }),
    )
    .join(' ');
  const legendY = TOP + rows.length * ROW + 12;
  return (
    <svg
      class="chart chart--bars"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby="score-chart-title score-chart-desc"
    >
      <title id="score-chart-title">{t('assessments.chart.title')}</title>
      <desc id="score-chart-desc">{description}</desc>
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        return (
          <g>
            <text class="chart__label" x={LABEL - 8} y={y + BAR}>
              {r.dimension.name.length > 26 ? `${r.dimension.name.slice(0, 25)}…` : r.dimension.name}
            </text>
            <rect class="chart__bar" x={LABEL} y={y} width={x(r.score) - LABEL} height={BAR} />
            <text class="chart__value" x={x(r.score) + 6} y={y + BAR / 2}>
              {String(r.score)}
            </text>
            {r.previous !== null ? (
              <g>
                <rect x={LABEL} y={y + BAR + 2} width={x(r.previous) - LABEL} height={BAR} fill="#6b6b6b" />
                <text class="chart__value" x={x(r.previous) + 6} y={y + BAR + 2 + BAR / 2}>
                  {String(r.previous)}
                </text>
              </g>
            ) : null}
            {r.bandAverage !== null ? (
              <line
                x1={x(r.bandAverage)}
                x2={x(r.bandAverage)}
                y1={y - 3}
                y2={y + 2 * BAR + 5}
                stroke="#b3261e"
                stroke-width="3"
                stroke-dasharray="4 2"
              />
            ) : null}
          </g>
        );
      })}
      <rect class="chart__bar" x={LABEL} y={legendY - 6} width={12} height={12} />
      <text class="chart__value" x={LABEL + 16} y={legendY}>
        {t('assessments.chart.this')}
      </text>
      {hasPrevious ? (
        <g>
          <rect x={LABEL + 120} y={legendY - 6} width={12} height={12} fill="#6b6b6b" />
          <text class="chart__value" x={LABEL + 136} y={legendY}>
            {t('assessments.chart.previous')}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

/** The pointers of the weakest dimensions: funding that fits, the register by topic, and the topics' pages. */
function Pointers({ page, pointers }: { page: PageContext; pointers: Pointer[] }) {
  const { t } = page;
  if (pointers.length === 0) return <p>{t('assessments.pointers.none')}</p>;
  return (
    <>
      {pointers.map((p) => {
        const topics = new URLSearchParams(p.dimension.tags.map((slug) => ['topic', slug])).toString();
        return (
          <section aria-labelledby={`pointer-${p.dimension.slug}`}>
            <h3 id={`pointer-${p.dimension.slug}`}>{p.dimension.name}</h3>
            <h4>{t('assessments.pointers.funding')}</h4>
            {p.funding.length === 0 ? (
              <p>{t('assessments.pointers.noFunding')}</p>
            ) : (
              <ul class="assessment-funding">
                {p.funding.map((f) => (
                  <li>
                    <a href={page.href(`/funding/${f.id}`)} lang={f.lang === page.locale ? undefined : f.lang}>
                      {f.title}
                    </a>{' '}
                    ({t(`assessments.pointers.status.${f.status}`)}
                    {f.closesAt
                      ? `, ${t('assessments.pointers.deadline', { date: page.i18n.date(f.closesAt, 'long') })}`
                      : ''}
                    )
                  </li>
                ))}
              </ul>
            )}
            {p.dimension.tags.length ? (
              <p>
                <a href={page.href(`/funding?${topics}`)}>
                  {t('assessments.pointers.register', { dimension: p.dimension.name })}
                </a>
              </p>
            ) : null}
            {p.topics.length ? (
              <>
                <h4>{t('assessments.pointers.learn')}</h4>
                <p>{t('assessments.pointers.learnHint')}</p>
                <ul>
                  {p.topics.map((topic) => (
                    <li>
                      <a href={page.href(`/tags/${topic.slug}`)}>{topic.label}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

/** A submitted assessment: its scores (chart and table), the comparisons, the pointers, and its answers. */
export function ResultPage({
  page,
  view,
  pointers,
  submitted,
}: {
  page: PageContext;
  view: AssessmentView;
  pointers: Pointer[];
  submitted: boolean;
}) {
  const { t } = page;
  const result = view.result!;
  const name = organisationDisplayName(view.organisation, page.locale);
  const date = page.i18n.date(view.assessment.submittedAt!, 'long');
  const heading = t('assessments.result.title', { organisation: name, date });
  const band = view.assessment.sizeBand;
  const shownAverages = result.dimensions.some((d) => d.bandAverage !== null);
  const dash = '–';
  return (
    <Layout
      page={page}
      title={heading}
      breadcrumbs={[{ label: t('assessments.list.title'), path: '/assessments' }, { label: date }]}
    >
      <h1>{heading}</h1>
      {submitted ? <Notice kind="success">{t('assessments.result.submitted')}</Notice> : null}
      <p class="assessment-overall">{t('assessments.result.overall', { score: result.overall ?? 0 })}</p>
      <p>{t('assessments.result.formula')}</p>
      <h2>{t('assessments.result.scores')}</h2>
      <ChartPair
        chart={<ScoreChart page={page} rows={result.dimensions} hasPrevious={result.previous !== null} />}
        table={
          <Table
            caption={t('assessments.result.caption')}
            columns={[
              t('assessments.result.dimension'),
              t('assessments.result.score'),
              result.previous
                ? t('assessments.result.previous', { date: page.i18n.date(result.previous.submittedAt!, 'long') })
                : t('assessments.result.previousNone'),
              t('assessments.result.change'),
              t('assessments.result.average'),
            ]}
            numeric={[1, 2, 3, 4]}
            rows={result.dimensions.map((d) => [
              d.dimension.name,
              String(d.score),
              d.previous === null ? dash : String(d.previous),
              d.previous === null
                ? dash
                : d.score - d.previous > 0
                  ? `+${d.score - d.previous}`
                  : String(d.score - d.previous),
              d.bandAverage === null ? dash : String(d.bandAverage),
            ])}
          />
        }
      />
      <p>
        {result.previous
          ? t('assessments.result.comparedWith', { date: page.i18n.date(result.previous.submittedAt!, 'long') })
          : t('assessments.result.first')}{' '}
        {!band
          ? t('assessments.result.noBand')
          : shownAverages
            ? t('assessments.result.averages', { band: t(`assessments.band.${band}`), count: result.contributors })
            : t('assessments.result.tooFew', {
                band: t(`assessments.band.${band}`),
                count: result.contributors,
                threshold: ANONYMITY_THRESHOLD,
              })}
      </p>
      <h2>{t('assessments.pointers.title')}</h2>
      <p>{t('assessments.pointers.intro')}</p>
      <Pointers page={page} pointers={pointers} />
      <h2>{t('assessments.result.answers')}</h2>
      {view.dimensions.map((d) => (
        <Table
          caption={d.name}
          columns={[t('assessments.result.question'), t('assessments.result.answer')]}
          rows={d.questions.map((q) => [
            <>
              <span lang={q.lang === page.locale ? undefined : q.lang}>{q.text}</span>
              {q.retired ? ` (${t('assessments.result.retired')})` : ''}
            </>,
            t('assessments.level.label', {
              level: view.answers.get(q.id) ?? 0,
              name: t(`assessments.level.${view.answers.get(q.id) ?? 0}`),
            }),
          ])}
        />
      ))}
    </Layout>
  );
}

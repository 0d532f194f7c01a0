import type { ComponentChildren } from 'preact';

/**
 * Charts drawn on the server as SVG (no script), for pages that also give the same numbers as a
 * table: the table is what assistive technology reads, so each chart is hidden from it
 * (`aria-hidden`) and carries no information the table lacks. Colours come from the style
 * sheet (`.chart__*`), so they follow the theme and print.
 */

/** One bar or point: its label, its value, and the value as the page writes it ("45 %"). */
export interface ChartDatum {
  label: string;
  value: number;
  shown?: string;
}

const WIDTH = 480;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 56;
const BAR = 20;
const GAP = 8;

/** A label cut to fit its column in the chart (the table beside it has it whole). */
const fit = (label: string, chars: number) => (label.length > chars ? `${label.slice(0, chars - 1)}…` : label);

/** Horizontal bars, one per datum, scaled to `max` (the largest value by default). */
export function BarChart({ data, max }: { data: readonly ChartDatum[]; max?: number }) {
  const top = Math.max(max ?? 0, ...data.map((d) => d.value), 1);
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, data.length) * (BAR + GAP) + GAP;
  return (
    <svg
      class="chart chart--bars"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      aria-hidden="true"
      focusable="false"
    >
      {data.map((d, i) => {
        const y = GAP + i * (BAR + GAP);
        const w = Math.max(0, Math.round((d.value / top) * span));
        return (
          <g>
            <text class="chart__label" x={LABEL_WIDTH - 8} y={y + BAR / 2}>
              {fit(d.label, 24)}
            </text>
            <rect class="chart__bar" x={LABEL_WIDTH} y={y} width={w} height={BAR} />
            <text class="chart__value" x={LABEL_WIDTH + w + 6} y={y + BAR / 2}>
              {d.shown ?? String(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const LINE_HEIGHT = 200;
const LEFT = 44;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

/**
 * A line through the data in order (months, say), from 0 to `max` upwards, with `ticks` on the
 * value axis (as the page writes them) and the first, last and every few labels along the bottom.
 */
export function LineChart({
  data,
  max,
  ticks,
}: {
  data: readonly ChartDatum[];
  max: number;
  ticks: readonly { value: number; shown: string }[];
}) {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = LINE_HEIGHT - TOP - BOTTOM;
  const x = (i: number) => LEFT + (data.length <= 1 ? plotW / 2 : (i * plotW) / (data.length - 1));
  const y = (v: number) => TOP + plotH - (Math.min(Math.max(v, 0), max) / (max || 1)) * plotH;
  const every = Math.max(1, Math.ceil(data.length / 6));
  const points = data.map((d, i) => `${x(i).toFixed(1)},${y(d.value).toFixed(1)}`).join(' ');
  return (
    <svg
      class="chart chart--line"
      viewBox={`0 0 ${WIDTH} ${LINE_HEIGHT}`}
      width={WIDTH}
      height={LINE_HEIGHT}
      aria-hidden="true"
      focusable="false"
    >
      {ticks.map((t) => (
        <g>
          <line class="chart__grid" x1={LEFT} x2={WIDTH - RIGHT} y1={y(t.value)} y2={y(t.value)} />
          <text class="chart__label" x={LEFT - 6} y={y(t.value)}>
            {t.shown}
          </text>
        </g>
      ))}
      {data.map((d, i) =>
        // Every few labels, and the last, unless it would crowd the one before.
        (i % every === 0 && data.length - 1 - i >= every / 2) || i === data.length - 1 ? (
          <text class="chart__axis" x={x(i)} y={LINE_HEIGHT - 8}>
            {d.label}
          </text>
        ) : null,
      )}
      {data.length > 1 ? <polyline class="chart__line" points={points} /> : null}
      {data.map((d, i) => (
        <circle class="chart__point" cx={x(i)} cy={y(d.value)} r={3} />
      ))}
    </svg>
  );
}

/** A chart and the table with its numbers, side by side (one above the other on a narrow screen). */
export function ChartPair({ chart, table }: { chart: ComponentChildren; table: ComponentChildren }) {
  return (
    <div class="chart-pair">
      <div class="chart-pair__chart">{chart}</div>
      <div class="chart-pair__table">{table}</div>
    </div>
  );
}

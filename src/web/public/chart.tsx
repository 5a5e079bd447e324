import type { FC } from 'hono/jsx';
import { type Lang, money, monthLabel } from './i18n.ts';

/**
 * Received vs spent by month as a grouped bar chart, drawn on the server as SVG: no script, no library,
 * styled by classes from public.css (the CSP allows no inline styles). The figures are also in a table
 * beside it, so nothing depends on seeing the picture. Amounts are exact bigints; they become numbers only
 * to be placed on the axis (well inside 2^53 for any fund's month).
 */

export interface MonthBars {
  /** `YYYY-MM`. */
  month: string;
  receivedMinor: bigint;
  spentMinor: bigint;
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 12, bottom: 56, left: 64 };
const TICKS_WANTED = 4;

/** Round axis steps: 1, 2 or 5 times a power of ten, so that about `wanted` steps cover `max`. */
export function niceTicks(max: number, wanted = TICKS_WANTED): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

const SHORT_UNITS: Record<Lang, [number, string][]> = {
  vi: [
    [1e9, ' tỷ'],
    [1e6, ' tr'],
    [1e3, ' ng'],
  ],
  en: [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ],
};

/** Axis labels: "1,5 tỷ" / "1.5B". */
export function shortAmount(lang: Lang, value: number): string {
  for (const [size, unit] of SHORT_UNITS[lang]) {
    if (value >= size) {
      const text = (value / size).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', {
        maximumFractionDigits: 1,
      });
      return `${text}${unit}`;
    }
  }
  return String(value);
}

const round = (value: number) => Math.round(value * 10) / 10;

interface ChartText {
  title: string;
  description: string;
  received: string;
  spent: string;
}

export const MonthChart: FC<{ lang: Lang; months: MonthBars[]; currency: string; text: ChartText }> = ({
  lang,
  months,
  currency,
  text,
}) => {
  const max = months.reduce(
    (top, month) => Math.max(top, Number(month.receivedMinor), Number(month.spentMinor)),
    0,
  );
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(months.length, 1);
  const barWidth = Math.max(2, Math.min(28, (band - 6) / 2));
  const titleId = 'chart-title';
  const descriptionId = 'chart-desc';
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
      focusable="false"
    >
      <title id={titleId}>{text.title}</title>
      <desc id={descriptionId}>{text.description}</desc>
      <g class="axis">
        {ticks.map((tick) => (
          <g>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={round(y(tick))} y2={round(y(tick))} />
            <text x={MARGIN.left - 6} y={round(y(tick)) + 4} text-anchor="end">
              {shortAmount(lang, tick)}
            </text>
          </g>
        ))}
      </g>
      {months.map((month, index) => {
        const left = MARGIN.left + index * band + (band - 2 * barWidth) / 2;
        const bar = (value: bigint, x: number, kind: 'received' | 'spent') => {
          const height = y(0) - y(Number(value));
          return (
            <rect
              class={`bar ${kind}`}
              x={round(x)}
              y={round(y(Number(value)))}
              width={round(barWidth)}
              height={round(height)}
            >
              <title>{`${monthLabel(lang, month.month)} — ${kind === 'received' ? text.received : text.spent}: ${money(lang, value, currency)}`}</title>
            </rect>
          );
        };
        return (
          <g>
            {bar(month.receivedMinor, left, 'received')}
            {bar(month.spentMinor, left + barWidth, 'spent')}
            <text
              class="month"
              x={round(MARGIN.left + index * band + band / 2)}
              y={HEIGHT - MARGIN.bottom + 18}
              text-anchor="middle"
            >
              {monthLabel(lang, month.month, true)}
            </text>
          </g>
        );
      })}
      <g class="legend" transform={`translate(${MARGIN.left}, ${HEIGHT - 6})`}>
        <rect class="bar received" x="0" y="-9" width="10" height="10" />
        <text x="14" y="0">
          {text.received}
        </text>
        <rect class="bar spent" x="130" y="-9" width="10" height="10" />
        <text x="144" y="0">
          {text.spent}
        </text>
      </g>
    </svg>
  );
};

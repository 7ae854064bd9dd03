import uPlot from 'uplot';
import type { StatsReport } from '@agent-mitra/ops-stats';
import { cell, integer, money, percent, seconds, time } from './format';

/** Colours that keep 4.5:1 on white, and a dash for the second kind of line, so colour is not the only cue. */
const SMS = '#1d4ed8';
const WHATSAPP = '#047857';
const DARK = '#374151';
const DASH = [6, 4];

interface Line {
  readonly label: string;
  readonly color: string;
  readonly dash?: number[];
  readonly values: (number | null)[];
  readonly format: (value: number | null) => string;
}

const plots = new Map<string, uPlot>();

function widthOf(element: HTMLElement): number {
  return Math.max(280, Math.floor(element.clientWidth || 600));
}

/** Draws (or redraws) one chart and writes the table of its numbers below it. */
function drawChart(id: string, x: number[], lines: readonly Line[], starts: readonly string[]): void {
  const box = document.getElementById(`${id}-plot`);
  const tableBox = document.getElementById(`${id}-table`);
  if (!box || !tableBox) return;
  plots.get(id)?.destroy();
  const options: uPlot.Options = {
    width: widthOf(box),
    height: 220,
    scales: { x: { time: true } },
    // The tables say UTC: so do the axes, whatever the browser's zone.
    tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    series: [
      {},
      ...lines.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        ...(line.dash ? { dash: line.dash } : {}),
        value: (_self: uPlot, value: number | null) => line.format(value),
      })),
    ],
    axes: [{ stroke: DARK }, { stroke: DARK }],
  };
  plots.set(id, new uPlot(options, [x, ...lines.map((line) => line.values)] as uPlot.AlignedData, box));

  const table = document.createElement('table');
  const caption = table.createCaption();
  caption.textContent = box.getAttribute('aria-label')?.split(':')[0] ?? id;
  const head = table.createTHead().insertRow();
  for (const title of ['Bucket start (UTC)', ...lines.map((line) => line.label)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  starts.forEach((start, i) => {
    const tr = body.insertRow();
    tr.append(
      cell(time(start), start, true),
      ...lines.map((line) => cell(line.format(line.values[i] ?? null), line.values[i] ?? null)),
    );
  });
  tableBox.replaceChildren(table);
}

/** The four charts over time, from the report's `series` (one point per bucket). */
export function renderCharts(report: StatsReport): void {
  const starts = report.series.map((b) => b.start);
  const x = starts.map((start) => Date.parse(start) / 1000);
  const pick = (f: (b: StatsReport['series'][number]) => number | null) => report.series.map(f);
  drawChart(
    'chart-sends',
    x,
    [
      { label: 'SMS sent', color: SMS, values: pick((b) => b.channels.sms.sent), format: fmtInt },
      {
        label: 'WhatsApp sent',
        color: WHATSAPP,
        values: pick((b) => b.channels.whatsapp.sent),
        format: fmtInt,
      },
    ],
    starts,
  );
  const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
  drawChart(
    'chart-rates',
    x,
    [
      {
        label: 'SMS delivered %',
        color: SMS,
        values: pick((b) => pct(b.channels.sms.delivery_rate)),
        format: fmtPct,
      },
      {
        label: 'WhatsApp delivered %',
        color: WHATSAPP,
        values: pick((b) => pct(b.channels.whatsapp.delivery_rate)),
        format: fmtPct,
      },
      {
        label: 'SMS conversion %',
        color: SMS,
        dash: DASH,
        values: pick((b) => pct(b.channels.sms.conversion)),
        format: fmtPct,
      },
      {
        label: 'WhatsApp conversion %',
        color: WHATSAPP,
        dash: DASH,
        values: pick((b) => pct(b.channels.whatsapp.conversion)),
        format: fmtPct,
      },
    ],
    starts,
  );
  drawChart(
    'chart-latency',
    x,
    [
      { label: 'Median', color: SMS, values: pick((b) => b.totals.median_delivery_seconds), format: seconds },
      {
        label: 'p95',
        color: DARK,
        dash: DASH,
        values: pick((b) => b.totals.p95_delivery_seconds),
        format: seconds,
      },
    ],
    starts,
  );
  drawChart(
    'chart-cost',
    x,
    [
      {
        label: `Cost (${report.currency})`,
        color: DARK,
        values: pick((b) => b.totals.cost),
        format: (v) => (v === null ? '—' : money(v, report.currency)),
      },
    ],
    starts,
  );
}

function fmtInt(value: number | null): string {
  return value === null ? '—' : integer(value);
}

function fmtPct(value: number | null): string {
  return value === null ? '—' : percent(value / 100);
}

/** Keeps the charts as wide as their boxes. */
export function resizeCharts(): void {
  for (const [id, plot] of plots) {
    const box = document.getElementById(`${id}-plot`);
    if (box) plot.setSize({ width: widthOf(box), height: 220 });
  }
}

/**
 * The `/ops` dashboard in the browser: reads GET /api/v1/admin/stats for the chosen period (the session
 * cookie goes with it), then fills the page. Bundled with uPlot by tools/scripts/build.mjs into
 * dist/gateway/ops/ops.js and ops.css; nothing is loaded from anywhere else.
 */
import 'uplot/dist/uPlot.min.css';
import './ops.css';
import type { StatsReport } from '@agent-mitra/ops-stats';
import { renderCharts, resizeCharts } from './charts';
import { renderMock, renderTables, renderTotals } from './render';

const PERIODS: Record<string, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
const REFRESH_MS = 30_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let timer: number | undefined;
let loading = false;

function say(text: string): void {
  $('status').textContent = text;
}

function showError(text: string | null): void {
  const box = $('error');
  box.hidden = text === null;
  box.textContent = text ?? '';
}

async function load(): Promise<void> {
  if (loading) return;
  loading = true;
  const span = PERIODS[$<HTMLSelectElement>('period').value] ?? PERIODS['24h'] ?? 86_400_000;
  const to = new Date();
  const query = new URLSearchParams({
    from: new Date(to.getTime() - span).toISOString(),
    to: to.toISOString(),
  }).toString();
  document.body.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`/api/v1/admin/stats?${query}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (res.status === 401) {
      window.location.assign('/ops/login');
      return;
    }
    const body = (await res.json()) as { success: boolean; data?: StatsReport; error?: { message: string } };
    if (!body.success || !body.data) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    render(body.data);
    showError(null);
    document.body.dataset['query'] = query;
    document.body.dataset['generatedAt'] = body.data.generated_at;
    say(
      `Updated ${body.data.generated_at.slice(11, 19)} UTC · ${body.data.period.buckets} buckets of ${body.data.period.bucket}`,
    );
  } catch (error) {
    showError(`Could not load the stats: ${error instanceof Error ? error.message : String(error)}`);
    say('Not updated');
  } finally {
    loading = false;
    document.body.removeAttribute('aria-busy');
  }
}

function render(report: StatsReport): void {
  renderMock(report);
  renderTotals(report);
  renderTables(report);
  renderCharts(report);
}

function schedule(): void {
  window.clearInterval(timer);
  if ($<HTMLInputElement>('auto-refresh').checked) {
    timer = window.setInterval(() => {
      if (!document.hidden) void load();
    }, REFRESH_MS);
  }
}

function start(): void {
  $('period').addEventListener('change', () => void load());
  $('refresh').addEventListener('click', () => void load());
  $('auto-refresh').addEventListener('change', schedule);
  let resizing: number | undefined;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(resizeCharts, 150);
  });
  schedule();
  void load();
}

start();

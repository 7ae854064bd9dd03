import type { StatsReport } from '@agent-mitra/ops-stats';
import { cell, fillTable, integer, money, percent, seconds, time } from './format';

const SOURCES: Record<StatsReport['mock']['source'], string> = {
  env: 'the environment (PIONEER_FLAG_MOCK_OTP_ENABLED)',
  unleash: 'Unleash',
  bootstrap: 'the Unleash bootstrap file (not yet synced with Unleash)',
};

/** The mock-mode banner (shown when mock mode is on, or mocked sends in the period) and status line. */
export function renderMock(report: StatsReport): void {
  const { mock } = report;
  const banner = document.getElementById('mock-banner');
  if (!banner) return;
  const who = mock.reach === 'everyone' ? 'for everyone' : 'for some numbers (a targeted strategy)';
  const limited = mock.limited_to_test_numbers
    ? ` Production: only the ${mock.test_numbers} OTP_TEST_NUMBERS.`
    : '';
  const mocked =
    mock.sends > 0
      ? ` ${integer(mock.sends)} sends in this period were mocked: no code reached a phone.`
      : '';
  const state = document.getElementById('mock-state');
  if (state) {
    state.dataset['mock'] = mock.on ? 'on' : 'off';
    state.textContent = `Mock mode: ${mock.on ? 'ON' : 'off'} · decided by ${SOURCES[mock.source]}`;
  }
  banner.hidden = !mock.on && mock.sends === 0;
  banner.dataset['mock'] = mock.on ? 'on' : 'off';
  banner.textContent = mock.on
    ? `Mock mode is ON ${who}, set by ${SOURCES[mock.source]}. Codes are 123456 and nothing is sent.${limited}${mocked}`
    : `Mock mode is off now (${SOURCES[mock.source]}).${mocked}`;
}

/** A cost, and how many billable messages had no price in OTP_PRICES_FILE (not in the figure). */
const withUnpriced = (text: string, unpriced: number) =>
  unpriced > 0 ? `${text} + ${integer(unpriced)} unpriced` : text;

export function renderTotals(report: StatsReport): void {
  const t = report.totals;
  const items: [string, string, string, number | null][] = [
    ['requests', 'Requests', integer(t.requests), t.requests],
    ['sent', 'Messages sent', integer(t.sent), t.sent],
    ['delivered', 'Delivered', integer(t.delivered), t.delivered],
    ['delivery_rate', 'Delivery rate', percent(t.delivery_rate), t.delivery_rate],
    ['verified', 'Verified', integer(t.verified), t.verified],
    ['conversion', 'Conversion', percent(t.conversion), t.conversion],
    ['failed', 'Failed', integer(t.failed), t.failed],
    ['median', 'Median time to delivery', seconds(t.median_delivery_seconds), t.median_delivery_seconds],
    ['p95', 'p95 time to delivery', seconds(t.p95_delivery_seconds), t.p95_delivery_seconds],
    [
      'cost',
      `Estimated cost (${report.currency})`,
      withUnpriced(money(t.cost, report.currency), t.unpriced),
      t.cost,
    ],
  ];
  document.getElementById('totals')?.replaceChildren(
    ...items.map(([key, label, text, raw]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = label;
      dd.textContent = text;
      dd.dataset['stat'] = key;
      dd.dataset['value'] = raw === null ? '' : String(raw);
      div.append(dt, dd);
      return div;
    }),
  );
}

export function renderTables(report: StatsReport): void {
  const cur = report.currency;
  fillTable(
    'channels',
    report.channels.map((c) => [
      cell(c.channel === 'sms' ? 'SMS' : 'WhatsApp', c.channel, true),
      cell(integer(c.requests), c.requests),
      cell(integer(c.sent), c.sent),
      cell(integer(c.delivered), c.delivered),
      cell(integer(c.read), c.read),
      cell(integer(c.failed), c.failed),
      cell(integer(c.verified), c.verified),
      cell(percent(c.conversion), c.conversion),
      cell(percent(c.delivery_rate), c.delivery_rate),
      cell(seconds(c.median_delivery_seconds), c.median_delivery_seconds),
      cell(seconds(c.p95_delivery_seconds), c.p95_delivery_seconds),
      cell(money(c.cost, cur), c.cost),
    ]),
    12,
  );
  fillTable(
    'countries',
    report.countries.map((c) => {
      const row = [
        cell(c.country, c.country, true),
        cell(integer(c.requests), c.requests),
        cell(integer(c.sent), c.sent),
        cell(integer(c.delivered), c.delivered),
        cell(integer(c.verified), c.verified),
        cell(percent(c.conversion), c.conversion),
        cell(withUnpriced(money(c.cost, cur), c.unpriced), c.cost),
        cell(c.suspicious ? '⚠ many sends, few verified' : '', c.suspicious ? 'suspicious' : ''),
      ];
      if (c.suspicious) row.forEach((td) => td.classList.add('flagged'));
      return row;
    }),
    8,
  );
  fillTable(
    'errors',
    report.errors.map((e) => [
      cell(e.provider, e.provider, true),
      cell(e.stage === 'send' ? 'at send' : 'receipt', e.stage),
      cell(e.code ?? '—', e.code),
      cell(integer(e.count), e.count),
      cell(e.meaning ?? '—'),
    ]),
    5,
  );
  fillTable(
    'fallbacks',
    report.fallbacks.map((f) => [cell(f.reason, f.reason, true), cell(integer(f.count), f.count)]),
    2,
  );
  fillTable(
    'failures',
    report.recent_failures.map((f) => [
      cell(time(f.at), f.at, true),
      cell(f.stage === 'send' ? 'at send' : 'receipt', f.stage),
      cell(f.channel),
      cell(f.provider),
      cell(f.country),
      cell(f.status),
      cell(f.code ?? '—', f.code),
      cell(f.meaning ?? '—'),
      cell(f.to),
    ]),
    9,
  );
}

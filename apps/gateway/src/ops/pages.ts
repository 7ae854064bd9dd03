/** The server-rendered pages of `/ops`: plain HTML, no inline script or style (strict CSP). */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string, withScript: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/ops/assets/ops.css">
${withScript ? '<script src="/ops/assets/ops.js" defer></script>' : ''}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The sign-in form: the admin key, posted with the anti-CSRF token of this page's cookie. */
export function loginPage(csrf: string, error: string | null): string {
  return layout(
    'Sign in · Agent Mitra OTP operations',
    `<main class="signin">
<h1>Agent Mitra OTP operations</h1>
<form method="post" action="/ops/login">
${error ? `<p class="error" role="alert" id="signin-error">${escape(error)}</p>` : ''}
<label for="key">Admin key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required
  ${error ? 'aria-describedby="signin-error" aria-invalid="true"' : ''} autofocus>
<input type="hidden" name="csrf" value="${escape(csrf)}">
<button type="submit">Sign in</button>
</form>
<p class="hint">One of <code>ADMIN_API_KEYS</code>. The session lasts 2 hours.</p>
</main>`,
    false,
  );
}

/** A page saying the dashboard is off or not built, with what to do. */
export function messagePage(title: string, message: string): string {
  return layout(
    title,
    `<main class="signin"><h1>${escape(title)}</h1><p>${escape(message)}</p></main>`,
    false,
  );
}

const table = (id: string, caption: string, headers: readonly string[]) =>
  `<table id="${id}"><caption>${escape(caption)}</caption><thead><tr>${headers
    .map((h) => `<th scope="col">${escape(h)}</th>`)
    .join('')}</tr></thead><tbody></tbody></table>`;

const chart = (id: string, title: string) => `<figure class="chart" aria-labelledby="${id}-title">
<figcaption id="${id}-title">${escape(title)}</figcaption>
<div class="plot" id="${id}-plot" role="img" aria-label="${escape(title)}: chart; the numbers are in the table below"></div>
<details><summary>Data table: ${escape(title)}</summary><div class="scroll" id="${id}-table"></div></details>
</figure>`;

const PERIODS = [
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;

/** The dashboard shell; ops.js fills it from GET /api/v1/admin/stats. */
export function dashboardPage(signedIn: boolean): string {
  return layout(
    'Agent Mitra OTP operations',
    `<header>
<h1>Agent Mitra OTP operations</h1>
${signedIn ? '<form method="post" action="/ops/logout" class="signout"><button type="submit">Sign out</button></form>' : ''}
</header>
<div id="mock-banner" class="banner" role="alert" hidden></div>
<p id="mock-state" class="mock-state" role="status">Mock mode: …</p>
<main>
<form id="controls" class="controls" aria-label="Period and refresh">
<label for="period">Period</label>
<select id="period" name="period">
${PERIODS.map(([value, label]) => `<option value="${value}"${value === '24h' ? ' selected' : ''}>${label}</option>`).join('\n')}
</select>
<label class="inline"><input type="checkbox" id="auto-refresh" checked> Refresh every 30 s</label>
<button type="button" id="refresh">Refresh now</button>
<p id="status" class="status" role="status" aria-live="polite">Loading…</p>
</form>
<p id="error" class="error" role="alert" hidden></p>
<section aria-labelledby="totals-title">
<h2 id="totals-title">For the period</h2>
<dl id="totals" class="totals"></dl>
</section>
<section aria-labelledby="charts-title">
<h2 id="charts-title">Over time</h2>
<div class="charts">
${chart('chart-sends', 'Codes sent per channel')}
${chart('chart-rates', 'Delivery and conversion per channel (%)')}
${chart('chart-latency', 'Time to delivery (seconds)')}
${chart('chart-cost', 'Estimated cost per bucket')}
</div>
</section>
<section aria-labelledby="channels-title">
<h2 id="channels-title">Per channel</h2>
<div class="scroll">${table('channels', 'Per channel for the period', ['Channel', 'Requests', 'Sent', 'Delivered', 'Read', 'Failed', 'Verified', 'Conversion', 'Delivery rate', 'Median s', 'p95 s', 'Cost'])}</div>
</section>
<section aria-labelledby="countries-title">
<h2 id="countries-title">Per country</h2>
<p class="hint">Flagged: at least 10 codes sent and under 25 % typed in — the sign of SMS pumping.</p>
<div class="scroll">${table('countries', 'Per country for the period', ['Country', 'Requests', 'Sent', 'Delivered', 'Verified', 'Conversion', 'Cost', 'Flag'])}</div>
</section>
<section aria-labelledby="errors-title">
<h2 id="errors-title">Top provider errors</h2>
<div class="scroll">${table('errors', 'Most frequent provider error codes', ['Provider', 'Stage', 'Code', 'Count', 'Meaning'])}</div>
<div class="scroll">${table('fallbacks', 'Attempts made for a reason (fallbacks and failovers)', ['Reason', 'Attempts'])}</div>
</section>
<section aria-labelledby="failures-title">
<h2 id="failures-title">Recent failures</h2>
<div class="scroll">${table('failures', 'Newest failures first', ['Time (UTC)', 'Stage', 'Channel', 'Provider', 'Country', 'Status', 'Code', 'Meaning', 'To'])}</div>
</section>
</main>`,
    true,
  );
}

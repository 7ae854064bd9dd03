// The Grafana dashboard and the Prometheus rules parse, every PromQL expression in them is valid
// (Prometheus's own PromQL grammar, @prometheus-io/lezer-promql — what promtool would refuse, it refuses)
// and names only metrics the apps register (libs/observability), so a renamed metric breaks this test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';
import { createMetrics } from '@agent-mitra/observability';

const DIR = join(__dirname, '..');
const HISTOGRAM_SUFFIXES = /_(bucket|sum|count)$/;
const registered = new Set(
  createMetrics('check')
    .registry.getMetricsAsArray()
    .map((metric) => metric.name),
);

/** Syntax errors and the metric names of a PromQL expression (Grafana's range variables filled in). */
function promql(expr: string): { errors: string[]; metrics: string[] } {
  const text = expr.replace(/\$__rate_interval|\$__interval/g, '5m').replace(/\$__range/g, '1h');
  const errors: string[] = [];
  const metrics: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: ${text.slice(node.from, node.from + 20)}`);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.push(text.slice(node.from, node.to));
      }
    },
  });
  return { errors, metrics };
}

const known = (metric: string) =>
  registered.has(metric) || registered.has(metric.replace(HISTOGRAM_SUFFIXES, ''));

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

describe('tools/observability', () => {
  it('finds errors and unknown names (the check itself can fail)', () => {
    expect(promql('sum(rate(otp_sends_total[5m]) by').errors).not.toEqual([]);
    expect(promql('rate(otp_sends_totl[5m])').metrics.filter((m) => !known(m))).toEqual(['otp_sends_totl']);
  });

  it('alert rules: valid YAML and PromQL, known metrics, the five alerts of the issue, each explained', () => {
    const file = parseYaml(readFileSync(join(DIR, 'prometheus/alerts.rules.yml'), 'utf8')) as {
      groups: { name: string; rules: Rule[] }[];
    };
    const rules = file.groups.flatMap((group) => group.rules);
    for (const rule of rules) {
      const { errors, metrics } = promql(rule.expr);
      expect({ alert: rule.alert, errors }).toEqual({ alert: rule.alert, errors: [] });
      expect({ alert: rule.alert, unknown: metrics.filter((m) => !known(m)) }).toEqual({
        alert: rule.alert,
        unknown: [],
      });
      expect(metrics.length).toBeGreaterThan(0);
      expect(rule.labels?.['severity']).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.['summary']).toBeTruthy();
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'OtpDeliveryRateDrop',
        'OtpProviderErrorSpike',
        'OtpConversionDropByCountry',
        'OtpGlobalSendBudgetTripped',
        'OtpMockModeOnInProduction',
      ]),
    );
  });

  it('Grafana dashboard: valid JSON and PromQL over known metrics, every catalogue metric on a panel', () => {
    const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana/agent-mitra-otp.json'), 'utf8')) as {
      uid: string;
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('agent-mitra-otp');
    const used = new Set<string>();
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets ?? []) {
        const { errors, metrics } = promql(expr);
        expect({ panel: panel.title, errors, unknown: metrics.filter((m) => !known(m)) }).toEqual({
          panel: panel.title,
          errors: [],
          unknown: [],
        });
        for (const metric of metrics) used.add(metric.replace(HISTOGRAM_SUFFIXES, ''));
      }
    }
    const catalogue = [...registered].filter((name) => /^(otp_|pioneer_|http_|grpc_)/.test(name));
    expect(catalogue.filter((name) => !used.has(name))).toEqual([]);
  });
});

/** The apps the bench starts from `dist/` (built by tools/scripts/build.mjs). */
export type AppName = 'gateway' | 'otp-service' | 'webhooks';
export type StoreKind = 'sqlite' | 'postgres';
/** What an app run is compared with: a bare server measured in the same run, or the ideal rate. */
export type BaselineKind = 'express' | 'grpc' | 'ideal';
/** The request stream a scenario sends (see load-plans.ts). */
export type LoadKind = 'mobile-send' | 'mobile-verify' | 'meta-statuses' | 'grpc-send' | 'real-send';

export const SCENARIO_IDS = ['send', 'verify', 'webhook', 'grpc', 'real'] as const;
export const STORES: readonly StoreKind[] = ['sqlite', 'postgres'];
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Issue 12's targets for one scenario; every one is a ratio to a baseline measured in the same run. */
export interface Target {
  /** App throughput / baseline throughput must be at least this. */
  readonly minRatio: number;
  /** App p99 must be at most this many times the baseline's p99 (when set). */
  readonly maxP99Factor?: number;
  /** Resident set size of the app at the end of its last run, in MiB. */
  readonly maxRssMiB: number;
  /** Real mode: the fake provider saw exactly one request per accepted send, none repeated. */
  readonly oneProviderRequestPerAnswer?: boolean;
}

/** A scenario of the catalogue, on any store. */
export interface ScenarioDefinition {
  readonly id: ScenarioId;
  readonly title: string;
  readonly app: AppName;
  /** Issue 12 asks for send and verify on PostgreSQL too: they run on both stores unless `--store` says. */
  readonly defaultStores: readonly StoreKind[];
  readonly baseline: BaselineKind;
  readonly load: LoadKind;
  /** Real mode uses the slow-provider connection count (default 200) instead of --connections. */
  readonly slowProvider: boolean;
  readonly target: Target;
}

/** One scenario on one store: what the bench runs and what a row of the table reports. */
export interface Scenario extends ScenarioDefinition {
  readonly store: StoreKind;
  /** `send`, or `send@postgres` off the default SQLite: file and directory names, JSON. */
  readonly key: string;
}

const RSS = 150;
const BOTH: readonly StoreKind[] = ['sqlite', 'postgres'];
const SQLITE: readonly StoreKind[] = ['sqlite'];

export const SCENARIOS: Readonly<Record<ScenarioId, ScenarioDefinition>> = {
  send: {
    id: 'send',
    title: 'gateway POST /api/v1/otp/send (mock, new phone each)',
    app: 'gateway',
    defaultStores: BOTH,
    baseline: 'express',
    load: 'mobile-send',
    slowProvider: false,
    target: { minRatio: 0.6, maxP99Factor: 3, maxRssMiB: RSS },
  },
  verify: {
    id: 'verify',
    title: 'gateway POST /api/v1/otp/verify (right code, request_id)',
    app: 'gateway',
    defaultStores: BOTH,
    baseline: 'express',
    load: 'mobile-verify',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  webhook: {
    id: 'webhook',
    title: 'webhooks POST /webhooks/whatsapp (signed, new message each)',
    app: 'webhooks',
    defaultStores: SQLITE,
    baseline: 'express',
    load: 'meta-statuses',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  grpc: {
    id: 'grpc',
    title: 'otp-service gRPC SendOtp (mock, new phone each)',
    app: 'otp-service',
    defaultStores: SQLITE,
    baseline: 'grpc',
    load: 'grpc-send',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  real: {
    id: 'real',
    title: 'gateway send, real mode, fake Twilio (slow provider)',
    app: 'gateway',
    defaultStores: SQLITE,
    baseline: 'ideal',
    load: 'real-send',
    slowProvider: true,
    target: { minRatio: 0.5, maxRssMiB: RSS, oneProviderRequestPerAnswer: true },
  },
};

/** A scenario on a store. */
export function scenarioOn(id: ScenarioId, store: StoreKind): Scenario {
  return { ...SCENARIOS[id], store, key: store === 'sqlite' ? id : `${id}@${store}` };
}

/**
 * What a bench run measures, in table order: each chosen scenario on the chosen stores, or on its
 * default stores (send and verify on SQLite and PostgreSQL, the rest on SQLite) when none were chosen.
 */
export function scenariosToRun(ids: readonly ScenarioId[], stores: readonly StoreKind[] | null): Scenario[] {
  return ids.flatMap((id) =>
    STORES.filter((store) => (stores ?? SCENARIOS[id].defaultStores).includes(store)).map((store) =>
      scenarioOn(id, store),
    ),
  );
}

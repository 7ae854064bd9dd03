/** The apps the bench starts from `dist/` (built by tools/scripts/build.mjs). */
export type AppName = 'gateway' | 'otp-service' | 'webhooks';
export type StoreKind = 'sqlite' | 'postgres';
/** What an app run is compared with: a bare server measured in the same run, or the ideal rate. */
export type BaselineKind = 'express' | 'grpc' | 'ideal';
/** The request stream a scenario sends (see load-plans.ts). */
export type LoadKind = 'mobile-send' | 'mobile-verify' | 'meta-statuses' | 'grpc-send' | 'real-send';

export const SCENARIO_IDS = ['send', 'verify', 'webhook', 'grpc', 'real', 'pg-send', 'pg-verify'] as const;
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

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly app: AppName;
  readonly store: StoreKind;
  readonly baseline: BaselineKind;
  readonly load: LoadKind;
  /** Real mode uses the slow-provider connection count (default 200) instead of --connections. */
  readonly slowProvider: boolean;
  readonly target: Target;
}

const RSS = 150;

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  send: {
    id: 'send',
    title: 'gateway POST /api/v1/otp/send (mock, new phone each)',
    app: 'gateway',
    store: 'sqlite',
    baseline: 'express',
    load: 'mobile-send',
    slowProvider: false,
    target: { minRatio: 0.6, maxP99Factor: 3, maxRssMiB: RSS },
  },
  verify: {
    id: 'verify',
    title: 'gateway POST /api/v1/otp/verify (right code, request_id)',
    app: 'gateway',
    store: 'sqlite',
    baseline: 'express',
    load: 'mobile-verify',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  webhook: {
    id: 'webhook',
    title: 'webhooks POST /webhooks/whatsapp (signed, new message each)',
    app: 'webhooks',
    store: 'sqlite',
    baseline: 'express',
    load: 'meta-statuses',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  grpc: {
    id: 'grpc',
    title: 'otp-service gRPC SendOtp (mock, new phone each)',
    app: 'otp-service',
    store: 'sqlite',
    baseline: 'grpc',
    load: 'grpc-send',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
  real: {
    id: 'real',
    title: 'gateway send, real mode, fake Twilio (slow provider)',
    app: 'gateway',
    store: 'sqlite',
    baseline: 'ideal',
    load: 'real-send',
    slowProvider: true,
    target: { minRatio: 0.5, maxRssMiB: RSS, oneProviderRequestPerAnswer: true },
  },
  'pg-send': {
    id: 'pg-send',
    title: 'gateway send on PostgreSQL (mock, new phone each)',
    app: 'gateway',
    store: 'postgres',
    baseline: 'express',
    load: 'mobile-send',
    slowProvider: false,
    target: { minRatio: 0.6, maxP99Factor: 3, maxRssMiB: RSS },
  },
  'pg-verify': {
    id: 'pg-verify',
    title: 'gateway verify on PostgreSQL (right code, request_id)',
    app: 'gateway',
    store: 'postgres',
    baseline: 'express',
    load: 'mobile-verify',
    slowProvider: false,
    target: { minRatio: 0.5, maxRssMiB: RSS },
  },
};

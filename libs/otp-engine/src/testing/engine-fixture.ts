// Builds a real engine on a real SQLite file for the engine's specs; the only stand-in is the phone
// network: a channel that keeps what it was asked to deliver, as a provider fake would.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { ProviderError, type OtpChannel, type OtpMessage, type SendReceipt } from '@agent-mitra/channels';
import type { ChannelName } from '@agent-mitra/contract';
import { createLogger, createMetrics, type Metrics } from '@agent-mitra/observability';
import { EnvFlags } from '@agent-mitra/pioneer';
import { KeyedHashes } from '@agent-mitra/privacy';
import { SqliteStore, type SqliteLockWait } from '@agent-mitra/store';
import { OtpEngine } from '../lib/otp-engine';
import type { EngineSettings } from '../lib/types';

export class RecordingChannel implements OtpChannel {
  /** What reached the phone: accepted messages, and those whose call ended `unknown` (they may have). */
  readonly delivered: OtpMessage[] = [];
  failWith: ProviderError | null = null;
  /** The id the next accepted message gets (then the counter's ids again). */
  nextMessageId: string | null = null;
  /** Runs once the provider has accepted a message, before the channel answers (what happens meanwhile). */
  onAccepted: ((messageId: string) => Promise<void> | void) | null = null;
  private counter = 0;

  constructor(
    readonly channel: ChannelName,
    readonly provider: 'twilio' | 'whatsapp',
  ) {}

  async send(message: OtpMessage): Promise<SendReceipt> {
    if (this.failWith) {
      if (this.failWith.kind === 'unknown') this.delivered.push(message);
      throw this.failWith;
    }
    this.delivered.push(message);
    this.counter += 1;
    const messageId =
      this.nextMessageId ?? (this.provider === 'twilio' ? `SM${this.counter}` : `wamid.${this.counter}`);
    this.nextMessageId = null;
    await this.onAccepted?.(messageId);
    return { provider: this.provider, messageId, status: this.provider === 'twilio' ? 'queued' : 'sent' };
  }

  lastCode(): string {
    const last = this.delivered.at(-1);
    if (!last) throw new Error('nothing delivered');
    return last.code;
  }
}

export const BASE_SETTINGS: EngineSettings = {
  ttlSeconds: 300,
  length: 6,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  maxSendsPerWindow: 5,
  sendWindowSeconds: 600,
  maxSendsPerIpPerMinute: 0,
  fallbackAfterSeconds: 20,
  allowedCountries: ['IN'],
  maxSendsPerMinute: 600,
  maxSendsPerPrefixPerHour: 20,
  maxSendsPerIpAndPhonePerWindow: 3,
  maxVerifyFailuresPerIpPerHour: 100,
  maxVerifyFailuresPerPhonePerDay: 20,
  hashSecret: 'test-hash-secret-0123456789abcdef',
  tokenSecret: 'test-token-secret-0123456789abcdef0123',
  tokenTtlSeconds: 300,
  tokenPrivateKeyPem: undefined,
  tokenRetiredPublicKeyPems: [],
  testNumbers: [],
};

export interface EngineFixture {
  engine: OtpEngine;
  store: SqliteStore;
  /** The SQLite file, e.g. for another connection that takes its write lock. */
  file: string;
  /** The stored key of a provider message id (its keyed hash, as the engine and webhooks compute it). */
  messageKey(messageId: string): string;
  sms: RecordingChannel;
  whatsapp: RecordingChannel;
  logs: string[];
  metrics: Metrics;
  clock: { now: number };
  /** Every byte of the database files (main file and WAL), to search for what must not be stored. */
  rawDatabase(): string;
  /** How many requests keep a sealed phone for a later SMS fallback, read straight from the file. */
  sealedPhones(): number;
  close(): Promise<void>;
}

export function engineFixture(
  options: {
    flags?: Record<string, boolean>;
    settings?: Partial<EngineSettings>;
    production?: boolean;
    /** `null` leaves a channel unconfigured (no credentials). */
    channels?: { sms?: null; whatsapp?: null };
    /** How long store work waits for another connection's write lock (default: the store's). */
    lockWait?: SqliteLockWait;
  } = {},
): EngineFixture {
  const dir = mkdtempSync(join(tmpdir(), 'otp-engine-'));
  const file = join(dir, 'otp.sqlite');
  const store = new SqliteStore(file, options.lockWait ? { lockWait: options.lockWait } : {});
  const settings = { ...BASE_SETTINGS, ...options.settings };
  const hashes = new KeyedHashes(settings.hashSecret);
  const sms = new RecordingChannel('sms', 'twilio');
  const whatsapp = new RecordingChannel('whatsapp', 'whatsapp');
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = { now: 1_750_000_000_000 };
  const metrics = createMetrics('engine-test');
  const engine = new OtpEngine({
    store,
    channels: {
      sms: options.channels?.sms === null ? null : sms,
      whatsapp: options.channels?.whatsapp === null ? null : whatsapp,
    },
    flags: new EnvFlags({
      mock_otp_enabled: false,
      whatsapp_channel_enabled: true,
      sms_fallback_enabled: true,
      ...options.flags,
    }),
    settings,
    production: options.production ?? false,
    logger: createLogger({ name: 'engine-test', level: 'debug', destination }),
    metrics,
    clock: () => clock.now,
  });
  return {
    engine,
    store,
    file,
    messageKey: (messageId) => hashes.messageKey(messageId),
    sms,
    whatsapp,
    logs,
    metrics,
    clock,
    rawDatabase: () =>
      readdirSync(dir)
        .map((name) => readFileSync(join(dir, name)).toString('latin1'))
        .join(''),
    sealedPhones: () => {
      const db = new Database(file, { readonly: true });
      try {
        const row = db
          .prepare('SELECT COUNT(*) AS n FROM otp_requests WHERE fallback_phone IS NOT NULL')
          .get();
        return (row as { n: number }).n;
      } finally {
        db.close();
      }
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function notWhatsAppUser(): ProviderError {
  return new ProviderError('whatsapp', 'rejected', '131026', 'Message undeliverable', true);
}

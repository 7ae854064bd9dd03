// Helpers for the channel specs: a logger whose lines can be read, a clock that sleep() moves (so
// retries take no real time), and a message to send.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@agent-mitra/observability';
import type { OtpMessage } from '../lib/port';
import type { RetryTiming } from '../lib/retry';
import { SmsTemplates, type SmsTemplateOptions } from '../lib/sms-text/sms-templates';

export const PHONE = '+919876543210';

export function otpMessage(overrides: Partial<OtpMessage> = {}): OtpMessage {
  return {
    requestId: 'req-1',
    to: PHONE,
    code: '482913',
    ttlSeconds: 300,
    locale: null,
    purpose: null,
    ...overrides,
  };
}

/** SMS templates for a 300 s code: the default EN template unless others are given. */
export function smsTemplates(overrides: Partial<SmsTemplateOptions> = {}): SmsTemplates {
  return SmsTemplates.fromConfig({ templates: {}, varMaxLength: 30, ttlSeconds: 300, ...overrides });
}

export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: string[];
  /** Parsed lines at `error` level. */
  errors(): Record<string, unknown>[];
}

export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    logger: createLogger({ name: 'channels-test', level: 'debug', destination }),
    lines,
    errors: () =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry['level'] === 'error'),
  };
}

export interface FakeTiming {
  readonly timing: RetryTiming;
  /** Every wait the retry loop asked for, in order. */
  readonly delays: number[];
}

/** A clock that only moves when the retry loop sleeps; random() is always 0.5. */
export function fakeTiming(): FakeTiming {
  const delays: number[] = [];
  let now = 0;
  return {
    delays,
    timing: {
      now: () => now,
      sleep: (milliseconds) => {
        delays.push(milliseconds);
        now += milliseconds;
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  };
}

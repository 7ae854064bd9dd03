// Runs the webhooks app as main.ts does — real config, runtime, SQLite file and HTTP listener on port 0 —
// and keeps every log line so specs can check what was (not) written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@agent-mitra/config';
import { createLogger } from '@agent-mitra/observability';
import { createRuntime, listenHttp, type Listener, type Runtime } from '@agent-mitra/runtime';
import { SqliteStore } from '@agent-mitra/store';
import { buildWebhooksApp } from '../app';

export const TEST_SECRETS = {
  WHATSAPP_WEBHOOK_SECRET: 'test-meta-app-secret-5f2c91',
  WHATSAPP_VERIFY_TOKEN: 'test-verify-token-81ad07',
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0c9e44',
} as const;

export class WebhooksUnderTest {
  private current: { runtime: Runtime; listener: Listener } | null = null;
  private readonly lines: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /**
   * `env` is added to (and may override) the test secrets and the temporary DATABASE_URL;
   * `withoutTestSecrets` leaves the webhook secrets unset. A configuration the app would refuse to
   * start with rejects (ConfigError) and leaves nothing behind.
   */
  static async start(
    env: Readonly<Record<string, string>> = {},
    options: { withoutTestSecrets?: boolean } = {},
  ): Promise<WebhooksUnderTest> {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-spec-'));
    const server = new WebhooksUnderTest(dir, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
      ...(options.withoutTestSecrets ? {} : TEST_SECRETS),
      ...env,
    });
    try {
      await server.open();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  get file(): string {
    return join(this.dir, 'otp.sqlite');
  }

  get runtime(): Runtime {
    if (!this.current) throw new Error('not running');
    return this.current.runtime;
  }

  get port(): number {
    if (!this.current) throw new Error('not running');
    return this.current.listener.port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The key a provider message id is stored under (its keyed hash). */
  messageKey(messageId: string): string {
    return this.runtime.hashes.messageKey(messageId);
  }

  /** The stored delivery of a provider message id, looked up the way the apps do (by its keyed hash). */
  delivery(messageId: string): ReturnType<Runtime['store']['getDelivery']> {
    return this.runtime.store.getDelivery(this.messageKey(messageId));
  }

  /** A second connection to the same file, as another process (or an operator) would have. */
  openPeerStore(): SqliteStore {
    return new SqliteStore(this.file);
  }

  /** Stops and starts again on the same file (after a test broke the store on purpose). */
  async restart(): Promise<void> {
    await this.stop();
    await this.open();
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  logs(): string {
    return this.lines.join('');
  }

  private async open(): Promise<void> {
    const destination = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ name: 'webhooks', level: 'debug', destination });
    const runtime = await createRuntime(loadConfig(this.env, { servesGrpc: false, app: 'webhooks' }), {
      app: 'webhooks',
      logger,
    });
    const listener = await listenHttp(buildWebhooksApp(runtime), 0, '127.0.0.1');
    this.current = { runtime, listener };
  }

  private async stop(): Promise<void> {
    if (!this.current) return;
    const { runtime, listener } = this.current;
    this.current = null;
    await listener.close();
    await runtime.close();
  }
}

import request from 'supertest';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { buildOpsApp } from './ops';

const ADMIN_KEY = 'admin-key-of-at-least-32-characters-00001';
const PRODUCTION = {
  NODE_ENV: 'production',
  OTP_HASH_SECRET: 'a-production-hash-secret-of-at-least-32-chars',
  OTP_TOKEN_SECRET: 'a-production-token-secret-of-at-least-32-chars',
  GATEWAY_API_KEYS: 'gateway-key-of-at-least-32-characters-0001',
  GRPC_AUTH_TOKENS: 'grpc-token-of-at-least-32-characters-00001',
  ADMIN_API_KEYS: ADMIN_KEY,
};

let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('otp-service HTTP side (GRPC_OPS_PORT)', () => {
  it('development: /healthz, /readyz with detail and /metrics are open; other paths are NOT_FOUND', async () => {
    t = await startTestRuntime('otp-service');
    const app = buildOpsApp(t.runtime);
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toBeDefined();
    const metrics = await request(app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('otp_sends_total');
    const missing = await request(app).post('/api/v1/otp/send').send({});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('production: /metrics and the /readyz detail need the admin key; /healthz stays open', async () => {
    t = await startTestRuntime('otp-service', PRODUCTION);
    const app = buildOpsApp(t.runtime);
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await request(app).get('/readyz')).body).toEqual({ status: 'ready' });
    const closed = await request(app).get('/metrics');
    expect(closed.status).toBe(401);
    expect(closed.body.error.code).toBe('UNAUTHENTICATED');
    const open = await request(app).get('/metrics').set('Authorization', `Bearer ${ADMIN_KEY}`);
    expect(open.status).toBe(200);
    expect(open.text).toContain('grpc_request_duration_seconds');
  });
});

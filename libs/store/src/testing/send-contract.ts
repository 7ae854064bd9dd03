/**
 * What a send and a verify in few writes need from every OtpStore adapter (issue 12): `openSend` /
 * `closeSend` (limits and request at once, all or none; attempts, completion and audit row at once; a
 * mock send in one step that opens no delivery record) and `readForVerify` / `tryCode` (one read, one
 * conditional write that counts the try, consumes a right code and refuses a replaced one). Each
 * adapter's spec calls `describeSendContract` with the factory it gives `describeStoreContract`.
 */
import type {
  AuditEntry,
  NewOtpRequest,
  OtpStore,
  QuotaBucket,
  SendAttemptInput,
  SendClosing,
} from '../lib/port';
import type { StoreHandle } from './store-contract';

const T = 1_000_000;
const PHONE = 'phone-hash-send';

let sequence = 0;
function request(overrides: Partial<NewOtpRequest> = {}): NewOtpRequest {
  sequence += 1;
  return {
    id: `send_${sequence}_${Date.now()}`,
    phoneHash: PHONE,
    phoneMasked: '+91******3210',
    country: 'IN',
    channel: 'sms',
    purpose: null,
    codeHash: 'hash-of-the-code',
    codeOrigin: 'server',
    callerClass: 'public',
    mock: false,
    createdAt: T + sequence,
    expiresAt: T + 300_000,
    maxAttempts: 3,
    ...overrides,
  };
}

function attempt(requestId: string, overrides: Partial<SendAttemptInput> = {}): SendAttemptInput {
  return {
    requestId,
    channel: 'sms',
    provider: 'twilio',
    messageKey: `key-SM-${requestId}`,
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    recipientMasked: '+91******3210',
    at: T + 500,
    ...overrides,
  };
}

function auditRow(requestId: string, outcome: string, action: 'send' | 'verify' = 'send'): AuditEntry {
  return {
    at: T + 600,
    action,
    requestId,
    channel: 'sms',
    provider: 'twilio',
    outcome,
    detail: null,
    callerKind: 'public',
    callerId: null,
    clientIpHash: 'ip-hash',
    phoneHash: PHONE,
    phoneMasked: '+91******3210',
    country: 'IN',
  };
}

/** A mock send's end: its one attempt, completed, audited. */
function mockClosing(requestId: string): SendClosing {
  const messageKey = `key-mock-${requestId}`;
  return {
    requestId,
    attempts: [attempt(requestId, { provider: 'mock', messageKey, status: 'sent' })],
    outcome: { ok: true, provider: 'mock', messageKey, channel: 'sms' },
    audit: { ...auditRow(requestId, 'sent'), provider: 'mock', detail: 'mock' },
  };
}

async function auditOf(store: OtpStore, requestId: string): Promise<string[]> {
  const page = await store.listAudit({ requestId, limit: 10 });
  return page.entries.map((e) => `${e.action}:${e.outcome}`);
}

export function describeSendContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract: sends and verifications in few writes`, () => {
    let handle: StoreHandle;
    let store: OtpStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    const window = (key: string, limit = 1): QuotaBucket => ({ key, limit, windowMs: 60_000 });

    describe('openSend / closeSend', () => {
      it('takes the limits and stores the request together; a refusal stores and takes nothing', async () => {
        const first = request();
        expect(
          await store.openSend({ buckets: [window('a'), window('b', 2)], now: T, request: first }),
        ).toEqual({ allowed: true });
        expect(await store.getRequest(first.id)).toMatchObject({ state: 'pending', channelUsed: null });

        const refused = request();
        expect(
          await store.openSend({ buckets: [window('b', 2), window('a')], now: T + 1_000, request: refused }),
        ).toEqual({ allowed: false, key: 'a', retryAfterMs: 59_000 });
        expect(await store.getRequest(refused.id)).toBeNull();
        // `b` was not charged by the refused send: it still has one unit left.
        expect(await store.consumeQuota([window('b', 2)], T + 2_000)).toEqual({ allowed: true });
        expect(await store.openSend({ buckets: [], now: T, request: request() })).toEqual({ allowed: true });
      });

      it('closes a send in one step: attempts in order, delivery linked, completion, older request superseded, audit row', async () => {
        const older = request();
        await store.openSend({ buckets: [], now: T, request: older });
        await store.closeSend(mockClosing(older.id));
        const sent = request();
        await store.openSend({ buckets: [], now: T, request: sent });
        const failedFirst = attempt(sent.id, {
          channel: 'whatsapp',
          provider: 'whatsapp',
          messageKey: null,
          status: 'failed',
          errorCode: '131026',
          errorMessage: 'Message undeliverable',
        });
        await store.closeSend({
          requestId: sent.id,
          attempts: [failedFirst, attempt(sent.id, { reason: 'fallback' })],
          outcome: { ok: true, provider: 'twilio', messageKey: `key-SM-${sent.id}`, channel: 'sms' },
          audit: auditRow(sent.id, 'sent'),
        });
        expect(await store.getRequest(sent.id)).toMatchObject({
          state: 'pending',
          provider: 'twilio',
          messageKey: `key-SM-${sent.id}`,
          channelUsed: 'sms',
        });
        expect((await store.getRequest(older.id))?.state).toBe('superseded');
        expect(
          (await store.listSendAttempts(sent.id)).map((a) => [a.seq, a.provider, a.status, a.reason]),
        ).toEqual([
          [1, 'whatsapp', 'failed', null],
          [2, 'twilio', 'queued', 'fallback'],
        ]);
        expect(await store.getDelivery(`key-SM-${sent.id}`)).toMatchObject({
          provider: 'twilio',
          requestId: sent.id,
          channel: 'sms',
          status: 'queued',
        });
        expect(await auditOf(store, sent.id)).toEqual(['send:sent']);
        expect((await store.findLatestPending(PHONE))?.id).toBe(sent.id);
      });

      it('closes a failed send: attempts kept, request failed, audit row', async () => {
        const failing = request();
        await store.openSend({ buckets: [], now: T, request: failing });
        await store.closeSend({
          requestId: failing.id,
          attempts: [attempt(failing.id, { messageKey: null, status: 'failed', errorCode: '21211' })],
          outcome: { ok: false },
          audit: auditRow(failing.id, 'failed'),
        });
        expect((await store.getRequest(failing.id))?.state).toBe('failed');
        expect((await store.listSendAttempts(failing.id)).map((a) => a.errorCode)).toEqual(['21211']);
        expect(await store.listDeliveriesForRequest(failing.id)).toEqual([]);
        expect(await auditOf(store, failing.id)).toEqual(['send:failed']);
      });

      it('arms a later fallback when closing a WhatsApp send', async () => {
        const whatsapp = request({ channel: 'whatsapp' });
        await store.openSend({ buckets: [], now: T, request: whatsapp });
        await store.closeSend({
          requestId: whatsapp.id,
          attempts: [attempt(whatsapp.id, { channel: 'whatsapp', provider: 'whatsapp', status: 'sent' })],
          outcome: {
            ok: true,
            provider: 'whatsapp',
            messageKey: `key-SM-${whatsapp.id}`,
            channel: 'whatsapp',
            fallback: { sealedPhone: 'sealed', dueAt: T + 20_000 },
          },
          audit: null,
        });
        expect(await store.getRequest(whatsapp.id)).toMatchObject({
          fallbackDueAt: T + 20_000,
          fallbackReason: 'delivery_timeout',
        });
        expect(await handle.sealedPhones()).toBe(1);
        expect(await auditOf(store, whatsapp.id)).toEqual([]);
      });

      it("keeps the caller classes apart: a public send neither supersedes nor stands in for a backend's code", async () => {
        const backend = request({ callerClass: 'auth' });
        await store.openSend({ buckets: [], now: T, request: backend });
        await store.closeSend(mockClosing(backend.id));
        const stranger = request({ callerClass: 'public' });
        await store.openSend({ buckets: [], now: T, request: stranger });
        await store.closeSend(mockClosing(stranger.id));
        expect((await store.getRequest(backend.id))?.state).toBe('pending');
        const lookup = (callerClass: 'public' | 'auth') =>
          store.readForVerify({ phoneHash: PHONE, callerClass, budgets: [], now: T });
        expect((await lookup('auth')).request?.id).toBe(backend.id);
        expect((await lookup('public')).request?.id).toBe(stranger.id);
        expect((await store.findLatestPending(PHONE, 'auth'))?.id).toBe(backend.id);
        expect((await store.findLatestPending(PHONE))?.id).toBe(stranger.id);
        // A newer code of the same class still replaces the older one.
        const again = request({ callerClass: 'auth' });
        await store.openSend({ buckets: [], now: T, request: again, closing: mockClosing(again.id) });
        expect((await store.getRequest(backend.id))?.state).toBe('superseded');
        expect((await store.getRequest(stranger.id))?.state).toBe('pending');
        expect((await lookup('auth')).request?.id).toBe(again.id);
      });

      it('opens and closes a mock send in one step, with no delivery record', async () => {
        const older = request();
        await store.openSend({ buckets: [], now: T, request: older, closing: mockClosing(older.id) });
        const mock = request({ mock: true });
        const closing = mockClosing(mock.id);
        expect(
          await store.openSend({ buckets: [window('ip:x', 5)], now: T, request: mock, closing }),
        ).toEqual({ allowed: true });
        expect(await store.getRequest(mock.id)).toMatchObject({
          state: 'pending',
          mock: true,
          provider: 'mock',
          messageKey: `key-mock-${mock.id}`,
          channelUsed: 'sms',
        });
        expect((await store.getRequest(older.id))?.state).toBe('superseded');
        expect((await store.listSendAttempts(mock.id)).map((a) => [a.provider, a.status])).toEqual([
          ['mock', 'sent'],
        ]);
        expect(await store.getDelivery(`key-mock-${mock.id}`)).toBeNull();
        expect(await store.listDeliveriesForRequest(mock.id)).toEqual([]);
        // Its status is read from the request, found by the message's key (mock requests only).
        expect((await store.findMockRequest(`key-mock-${mock.id}`))?.id).toBe(mock.id);
        expect(await store.findMockRequest('key-unknown')).toBeNull();
        expect(await auditOf(store, mock.id)).toEqual(['send:sent']);
        expect((await store.findLatestPending(PHONE))?.id).toBe(mock.id);

        const refused = request({ mock: true });
        await store.consumeQuota([window('ip:full')], T);
        expect(
          await store.openSend({
            buckets: [window('ip:full')],
            now: T,
            request: refused,
            closing: mockClosing(refused.id),
          }),
        ).toMatchObject({ allowed: false, key: 'ip:full' });
        expect(await store.getRequest(refused.id)).toBeNull();
        expect(await store.listSendAttempts(refused.id)).toEqual([]);
        expect(await auditOf(store, refused.id)).toEqual([]);
      });

      it('holds the limits exactly when connections open sends at once', async () => {
        const peer = await handle.openPeer();
        try {
          const bucket = [window('global:all', 5)];
          const requests = Array.from({ length: 12 }, () => request());
          const results = await Promise.all(
            requests.map((r, i) =>
              (i % 2 ? store : peer).openSend({
                buckets: bucket,
                now: T,
                request: r,
                ...(i % 3 ? {} : { closing: mockClosing(r.id) }),
              }),
            ),
          );
          expect(results.filter((r) => r.allowed)).toHaveLength(5);
          const stored = await Promise.all(requests.map((r) => store.getRequest(r.id)));
          expect(stored.filter((r) => r !== null)).toHaveLength(5);
        } finally {
          await peer.close();
        }
      });
    });

    describe('readForVerify / tryCode', () => {
      const budgets = [window('vf:ip', 2)];

      async function sent(overrides: Partial<NewOtpRequest> = {}): Promise<NewOtpRequest> {
        const r = request({ mock: true, ...overrides });
        await store.openSend({ buckets: [], now: T, request: r, closing: mockClosing(r.id) });
        return r;
      }
      const tryCode = (r: NewOtpRequest, matched: boolean, now = T + 1_000, codeHash = r.codeHash) =>
        store.tryCode({
          requestId: r.id,
          now,
          codeHash,
          matched,
          charge: budgets,
          audit: auditRow(r.id, matched ? 'approved' : 'invalid_code', 'verify'),
        });

      it("reads the request by id or as the phone's newest pending one, beside the budgets, changing nothing", async () => {
        const r = await sent();
        expect(
          await store.readForVerify({
            requestId: r.id,
            phoneHash: PHONE,
            callerClass: 'public',
            budgets,
            now: T,
          }),
        ).toEqual({
          request: await store.getRequest(r.id),
          budget: { allowed: true },
        });
        expect(
          (await store.readForVerify({ phoneHash: PHONE, callerClass: 'public', budgets: [], now: T }))
            .request?.id,
        ).toBe(r.id);
        expect(
          await store.readForVerify({
            requestId: 'nope',
            phoneHash: PHONE,
            callerClass: 'public',
            budgets,
            now: T,
          }),
        ).toEqual({
          request: null,
          budget: { allowed: true },
        });
        expect(
          (await store.readForVerify({ phoneHash: 'other', callerClass: 'public', budgets: [], now: T }))
            .request,
        ).toBeNull();
        await store.addQuota(budgets, T);
        await store.addQuota(budgets, T);
        expect(
          await store.readForVerify({
            requestId: r.id,
            phoneHash: PHONE,
            callerClass: 'public',
            budgets,
            now: T + 10_000,
          }),
        ).toMatchObject({ budget: { allowed: false, key: 'vf:ip', retryAfterMs: 50_000 } });
        expect((await store.getRequest(r.id))?.attempts).toBe(0);
      });

      it('counts a wrong code, charges the budgets and audits it; a right code is consumed once', async () => {
        const r = await sent();
        expect(await tryCode(r, false)).toBe(1);
        expect(await store.getRequest(r.id)).toMatchObject({ attempts: 1, state: 'pending' });
        expect(await store.peekQuota([window('vf:ip', 1)], T + 2_000)).toMatchObject({ allowed: false });
        expect(await tryCode(r, true)).toBe(2);
        expect(await store.getRequest(r.id)).toMatchObject({
          attempts: 2,
          state: 'verified',
          verifiedAt: T + 1_000,
        });
        expect(await tryCode(r, true)).toBeNull();
        expect((await store.findMockRequest(`key-mock-${r.id}`))?.state).toBe('verified');
        // A real provider's message is found by its delivery record, never here.
        const real = request();
        await store.openSend({ buckets: [], now: T, request: real });
        await store.closeSend({
          requestId: real.id,
          attempts: [attempt(real.id)],
          outcome: { ok: true, provider: 'twilio', messageKey: `key-SM-${real.id}`, channel: 'sms' },
          audit: null,
        });
        expect(await store.findMockRequest(`key-SM-${real.id}`)).toBeNull();
        // The right code charged nothing: the budget still holds the one wrong code.
        expect(await store.peekQuota([window('vf:ip', 2)], T + 2_000)).toEqual({ allowed: true });
        expect(await auditOf(store, r.id)).toEqual(['verify:approved', 'verify:invalid_code', 'send:sent']);
      });

      it('writes nothing for a replaced code, an expired request, or one without attempts left', async () => {
        const replaced = await sent();
        expect(await tryCode(replaced, true, T + 1_000, 'the-whatsapp-code-hash')).toBeNull();
        expect(await store.getRequest(replaced.id)).toMatchObject({ attempts: 0, state: 'pending' });
        expect(await auditOf(store, replaced.id)).toEqual(['send:sent']);
        expect(await store.peekQuota([window('vf:ip', 1)], T + 2_000)).toEqual({ allowed: true });

        const expiring = await sent({ expiresAt: T + 5_000 });
        expect(await tryCode(expiring, true, T + 5_000)).toBeNull();
        expect(await tryCode(expiring, true, T + 4_999)).toBe(1);

        const locked = await sent({ maxAttempts: 2 });
        expect(await tryCode(locked, false)).toBe(1);
        expect(await tryCode(locked, false)).toBe(2);
        expect(await tryCode(locked, true)).toBeNull();
        expect((await store.getRequest(locked.id))?.state).toBe('pending');
      });

      it('erases a sealed fallback phone when the code is consumed', async () => {
        const whatsapp = request({ channel: 'whatsapp' });
        await store.openSend({ buckets: [], now: T, request: whatsapp });
        await store.closeSend({
          requestId: whatsapp.id,
          attempts: [attempt(whatsapp.id, { channel: 'whatsapp', provider: 'whatsapp', status: 'sent' })],
          outcome: {
            ok: true,
            provider: 'whatsapp',
            messageKey: `key-SM-${whatsapp.id}`,
            channel: 'whatsapp',
            fallback: { sealedPhone: 'sealed', dueAt: T + 20_000 },
          },
          audit: null,
        });
        expect(await tryCode(whatsapp, false)).toBe(1);
        expect(await handle.sealedPhones()).toBe(1);
        expect(await tryCode(whatsapp, true)).toBe(2);
        expect(await handle.sealedPhones()).toBe(0);
      });

      it('consumes a right code once when connections try it at once', async () => {
        const r = await sent({ maxAttempts: 5 });
        const peer = await handle.openPeer();
        try {
          const results = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              (i % 2 ? store : peer).tryCode({
                requestId: r.id,
                now: T + 1_000,
                codeHash: r.codeHash,
                matched: true,
                charge: [],
                audit: null,
              }),
            ),
          );
          expect(results.filter((n) => n !== null)).toEqual([1]);
          expect(await store.getRequest(r.id)).toMatchObject({ attempts: 1, state: 'verified' });
        } finally {
          await peer.close();
        }
      });
    });
  });
}

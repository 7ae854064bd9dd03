// gRPC over TLS and mTLS with certificates made at test time: a real grpc-js client connects with the
// CA; a cleartext client, a client without a certificate (mTLS) and one from another CA are refused.
import { credentials, Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import type { Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { listenGrpc } from './server';
import { makeTestCertificates, type TestCertificates } from './testing/certificates';

let certs: TestCertificates;
let t: TestRuntime;
let server: Listener;
const clients: OtpServiceClient[] = [];

beforeAll(async () => {
  certs = await makeTestCertificates();
});
afterAll(() => certs.remove());
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
  await t.close();
});

async function start(mtls: boolean): Promise<void> {
  t = await startTestRuntime('otp-service', {
    GRPC_TLS_CERT_FILE: certs.files.serverCert,
    GRPC_TLS_KEY_FILE: certs.files.serverKey,
    ...(mtls ? { GRPC_TLS_CLIENT_CA_FILE: certs.files.caCert } : {}),
  });
  server = await listenGrpc(t.runtime, 0, '127.0.0.1');
}

function sendWith(creds: ChannelCredentials): Promise<pb.SendOtpResponse__Output> {
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  const client = new Service(`localhost:${server.port}`, creds, { 'grpc.initial_reconnect_backoff_ms': 50 });
  clients.push(client);
  const deadline = new Date(Date.now() + 3_000);
  return new Promise((done, fail) =>
    client.SendOtp(
      { to_phone: '+919876543210', channel: 'CHANNEL_SMS' },
      new Metadata(),
      { deadline },
      (error: ServiceError | null, response?: pb.SendOtpResponse__Output) =>
        error || !response ? fail(error) : done(response),
    ),
  );
}

const ca = () => Buffer.from(certs.caCert);
const refusedCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: ServiceError) => error.code,
  );

describe('gRPC over TLS', () => {
  it('serves a client that trusts the CA, and refuses cleartext', async () => {
    await start(false);
    expect(await sendWith(credentials.createSsl(ca()))).toMatchObject({ mock: true });
    expect(await refusedCode(sendWith(credentials.createInsecure()))).toBe(status.UNAVAILABLE);
    expect(t.logs.text()).toContain('"tls":"tls"');
  });
});

describe('gRPC over mTLS', () => {
  it('serves a client whose certificate the CA signed, and refuses one without or from another CA', async () => {
    await start(true);
    const signed = credentials.createSsl(ca(), Buffer.from(certs.client.key), Buffer.from(certs.client.cert));
    expect(await sendWith(signed)).toMatchObject({ mock: true });
    expect(await refusedCode(sendWith(credentials.createSsl(ca())))).toBe(status.UNAVAILABLE);
    const stranger = credentials.createSsl(
      ca(),
      Buffer.from(certs.stranger.key),
      Buffer.from(certs.stranger.cert),
    );
    expect(await refusedCode(sendWith(stranger))).toBe(status.UNAVAILABLE);
    expect(await refusedCode(sendWith(credentials.createInsecure()))).toBe(status.UNAVAILABLE);
    expect(t.logs.text()).toContain('"tls":"mtls"');
  });
});

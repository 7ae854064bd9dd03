// Certificates for the TLS specs, made at test time (selfsigned, on @peculiar/x509): a CA, a server
// certificate for 127.0.0.1/localhost and a client certificate it signed, and a stranger's client
// certificate from another CA. Written to a temporary folder, as an operator's files would be.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestCertificates {
  readonly dir: string;
  readonly files: { readonly caCert: string; readonly serverCert: string; readonly serverKey: string };
  readonly caCert: string;
  readonly client: { readonly cert: string; readonly key: string };
  readonly stranger: { readonly cert: string; readonly key: string };
  remove(): void;
}

const EC = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

async function authority(name: string) {
  return generate([{ name: 'commonName', value: name }], {
    ...EC,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
}

async function leaf(ca: { private: string; cert: string }, name: string, role: 'server' | 'client') {
  return generate([{ name: 'commonName', value: name }], {
    ...EC,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: role === 'server', clientAuth: role === 'client' },
      ...(role === 'server'
        ? [
            {
              name: 'subjectAltName' as const,
              altNames: [
                { type: 2 as const, value: 'localhost' },
                { type: 7 as const, ip: '127.0.0.1' },
              ],
            },
          ]
        : []),
    ],
  });
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const ca = await authority('Agent Mitra OTP test CA');
  const other = await authority('Someone else’s CA');
  const [server, client, stranger] = await Promise.all([
    leaf(ca, 'localhost', 'server'),
    leaf(ca, 'billing-service', 'client'),
    leaf(other, 'billing-service', 'client'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'otp-tls-'));
  const files = {
    caCert: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
  };
  writeFileSync(files.caCert, ca.cert);
  writeFileSync(files.serverCert, server.cert);
  writeFileSync(files.serverKey, server.private);
  return {
    dir,
    files,
    caCert: ca.cert,
    client: { cert: client.cert, key: client.private },
    stranger: { cert: stranger.cert, key: stranger.private },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

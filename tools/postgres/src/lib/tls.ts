import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerUser } from './server-user';

export interface ServerCertificate {
  /** The self-signed certificate: also the CA a client trusts (`sslrootcert`). */
  readonly certFile: string;
  readonly keyFile: string;
}

/** True when the `openssl` command can make certificates here. */
export function canMakeCertificates(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A throw-away self-signed certificate (P-256, valid 2 days) for `host`, made with the `openssl` command,
 * with its key readable only by the server user as PostgreSQL demands. For tests of `sslmode`.
 */
export function makeServerCertificate(dir: string, host: string, user: ServerUser): ServerCertificate {
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=agent-mitra-test-postgres', '-addext', `subjectAltName=IP:${host}`,
      '-keyout', keyFile, '-out', certFile], // prettier-ignore
    { stdio: 'ignore' },
  );
  chmodSync(keyFile, 0o600);
  chmodSync(certFile, 0o644);
  if (user.switched) chownSync(keyFile, user.uid, user.gid);
  return { certFile, keyFile };
}

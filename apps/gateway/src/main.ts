import { loadAppConfig } from '@agent-mitra/config';

// The configuration is checked before the rest of the app loads (the import below is lazy in the
// bundle): a wrong or unsafe one is refused at once, with one message naming every offending variable.
const config = loadAppConfig('gateway', process.env, { cwd: process.cwd(), servesGrpc: false });
void import('./serve').then(
  ({ serve }) => serve(config, __dirname),
  (error: unknown) => {
    process.stderr.write(
      `gateway: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);

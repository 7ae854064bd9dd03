import { resolve } from 'node:path';
import type { Config } from './config';
import { readDotEnvFile } from './dot-env';
import type { AppName } from './app-needs';
import { ConfigError, loadConfig, type LoadConfigOptions } from './load-config';

/**
 * What every app's `main.ts` does first, before the rest of the app is even loaded: read `.env` (from
 * `options.cwd`) under the real environment and validate once. A refused configuration — wrong, or
 * unsafe in production — is written to stderr as one message naming every offending variable, and the
 * process exits 1 at once (an operator's typo, or a container without its secrets, fails in a blink).
 * Production demands only what `app` uses (app-needs.ts; README "Production checklist").
 */
export function loadAppConfig(
  app: AppName,
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions & { readonly cwd: string },
): Config {
  try {
    return loadConfig({ ...readDotEnvFile(resolve(options.cwd, '.env')), ...env }, { app, ...options });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${app}: ${error.message}\n`);
    process.exit(1);
  }
}

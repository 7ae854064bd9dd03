import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root: the nearest folder at or above `from` with a package.json (libs and apps have none).
 * From `dist/gateway/main.js` or `apps/gateway/src` it is the checkout (or the image's app folder), so
 * the default `sqlite:./data/otp.sqlite` is one file whichever folder an app is started from.
 * Falls back to `fallback` when no package.json is found (e.g. a bundle copied alone).
 */
export function findProjectRoot(from: string, fallback: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return fallback;
    dir = parent;
  }
}

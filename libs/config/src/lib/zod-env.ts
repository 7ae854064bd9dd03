import { z } from 'zod';

/**
 * A whole number from the environment, `min`–`max`, `fallback` when unset; each problem said in words
 * (the one message at start names the variable). Shared by every part of the schema.
 */
export const int = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** An http(s) URL. */
export const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

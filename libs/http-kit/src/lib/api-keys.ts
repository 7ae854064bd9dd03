import type { Request } from 'express';

/** The key a request presents: `X-API-Key: …` or `Authorization: Bearer …` (DESIGN §6). */
export function presentedKey(req: Request): string | undefined {
  const header = req.get('x-api-key') ?? /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const key = header?.trim();
  return key === '' ? undefined : key;
}

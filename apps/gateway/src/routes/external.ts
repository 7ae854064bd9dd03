import { Router, type Request } from 'express';
import type { Config } from '@agent-mitra/config';
import { CHANNELS } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type { OtpEngine } from '@agent-mitra/otp-engine';
import { apiKeyAuth } from '../auth';
import { sendOk } from '../envelope';
import { presentDelivery } from '../presenters';
import { externalSendBody, idParam } from '../schemas';
import { bodyObject, parseInput } from '../validate';
import { answerSend } from './send';

/**
 * The query string as sent. Callers of the original backend write `?to_phone=+919876543210` without
 * encoding the `+`, which URL decoding turns into a space; here a `+` stays a `+`. A parameter given
 * twice is refused (VALIDATION_ERROR) rather than one copy silently winning.
 */
function literalQuery(req: Request): Record<string, string> {
  const raw = req.originalUrl.split('?')[1] ?? '';
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(raw.replace(/\+/g, '%2B'))) {
    if (Object.hasOwn(query, name)) throw repeated();
    query[name] = value;
  }
  return query;
}

const repeated = () => new OtpError('VALIDATION_ERROR', 'a parameter is given twice (query string or body)');

/** The query and the JSON body as one input; a field in both is refused, as a repeated one is. */
function sendInput(req: Request): Record<string, unknown> {
  const query = literalQuery(req);
  const body = bodyObject(req);
  if (Object.keys(body).some((name) => Object.hasOwn(query, name))) throw repeated();
  return { ...query, ...body };
}

/** The original backend's routes (`/api/v1/external/...`), for backend callers with an API key. */
export function externalRoutes(engine: OtpEngine, config: Config): Router {
  const router = Router();
  router.use(apiKeyAuth(config.auth.gatewayApiKeys));

  for (const channel of CHANNELS) {
    // Both routes read the query string or a JSON body; allow_fallback defaults to true on every route.
    router.post(`/${channel}/otp`, async (req, res) => {
      const body = parseInput(externalSendBody, sendInput(req));
      const input = {
        toPhone: body.to_phone,
        channel,
        otp: body.otp,
        purpose: body.purpose,
        locale: body.locale,
        allowFallback: body.allow_fallback,
      };
      await answerSend(engine, req, res, input);
    });
  }

  // The id is hashed to find the record (only its keyed hash is stored) and echoed back as given.
  router.get('/messages/:id/status', async (req, res) => {
    const id = parseInput(idParam, req.params['id']);
    sendOk(res, presentDelivery(await engine.deliveryStatus({ messageId: id })), 'Delivery status');
  });

  return router;
}

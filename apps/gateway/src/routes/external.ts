import { Router, type Request } from 'express';
import type { Config } from '@agent-mitra/config';
import type { OtpEngine } from '@agent-mitra/otp-engine';
import { apiKeyAuth } from '../auth';
import { sendOk } from '../envelope';
import { presentDelivery } from '../presenters';
import { externalSendBody, idParam } from '../schemas';
import { bodyObject, parseInput } from '../validate';
import { answerSend } from './send';

/**
 * The query string as sent. Callers of the original backend write `?to_phone=+919876543210` without
 * encoding the `+`, which URL decoding turns into a space; here a `+` stays a `+`.
 */
function literalQuery(req: Request): Record<string, string> {
  const raw = req.originalUrl.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(raw.replace(/\+/g, '%2B')));
}

/** The original backend's routes (`/api/v1/external/...`), for backend callers with an API key. */
export function externalRoutes(engine: OtpEngine, config: Config): Router {
  const router = Router();
  router.use(apiKeyAuth(config.auth.gatewayApiKeys));

  router.post('/sms/otp', async (req, res) => {
    const body = parseInput(externalSendBody, { ...literalQuery(req), ...bodyObject(req) });
    await answerSend(
      engine,
      req,
      res,
      {
        toPhone: body.to_phone,
        channel: 'sms',
        otp: body.otp,
        purpose: body.purpose,
        locale: body.locale,
        allowFallback: false,
      },
      false,
    );
  });

  router.post('/whatsapp/otp', async (req, res) => {
    const body = parseInput(externalSendBody, { ...literalQuery(req), ...bodyObject(req) });
    await answerSend(
      engine,
      req,
      res,
      {
        toPhone: body.to_phone,
        channel: 'whatsapp',
        otp: body.otp,
        purpose: body.purpose,
        locale: body.locale,
        allowFallback: body.allow_fallback,
      },
      false,
    );
  });

  router.get('/messages/:id/status', async (req, res) => {
    const id = parseInput(idParam, req.params['id']);
    sendOk(res, presentDelivery(await engine.deliveryStatus({ messageId: id })), 'Delivery status');
  });

  return router;
}

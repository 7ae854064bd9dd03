import { isValidMsg91Secret, MSG91_STATUS_PATH, parseMsg91Reports } from '@agent-mitra/channels';
import { OtpError } from '@agent-mitra/errors';
import express, { Router, type RequestHandler } from 'express';
import type { WebhookDeps } from './deps';
import { logIgnored, recordReceipts } from './record-receipts';
import { readBody, rejectWebhook } from './rejections';
import { trustedSecret } from './secrets';

/**
 * MSG91 delivery reports (DESIGN §10): `POST /webhooks/msg91/status?secret=<MSG91_WEBHOOK_SECRET>`.
 * MSG91 signs nothing, so the secret in the URL is checked first, in constant time; a wrong or missing
 * one is 403 and nothing is read or stored. The body is its form-encoded `data` report (v2) or its JSON
 * report (v3, Webhook (New)); each status is stored before the 200.
 */
export function msg91Router(deps: WebhookDeps): Router {
  const router = Router();
  const secret = trustedSecret(deps, 'MSG91_WEBHOOK_SECRET', deps.config.msg91.webhookSecret);
  const checkSecret: RequestHandler = (req, res, next) => {
    if (secret !== null && isValidMsg91Secret(secret, req.query['secret'])) {
      next();
      return;
    }
    const reason = req.query['secret'] === undefined ? 'missing_signature' : 'bad_signature';
    rejectWebhook(deps, res, 'msg91', reason, new OtpError('FORBIDDEN', 'missing or wrong webhook secret'));
  };
  const form = readBody(
    express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 50 }),
    'msg91',
    deps,
  );
  const json = readBody(express.json({ limit: '256kb', strict: false }), 'msg91', deps);

  router.post(MSG91_STATUS_PATH, checkSecret, form, json, async (req, res) => {
    const batch = parseMsg91Reports(req.body, Date.now());
    if (batch === null) {
      rejectWebhook(
        deps,
        res,
        'msg91',
        'malformed',
        new OtpError('VALIDATION_ERROR', 'the body is not an MSG91 delivery report'),
      );
      return;
    }
    const outcome = await recordReceipts(deps, batch.receipts, req.ip);
    logIgnored(deps, 'msg91', batch.ignored);
    res.status(200).json({
      success: true,
      data: { ...outcome, ignored: batch.ignored.length },
      message: 'receipts stored',
    });
  });
  return router;
}

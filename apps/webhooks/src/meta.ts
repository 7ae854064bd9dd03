import { isValidMetaSignature, isValidVerifyToken, parseMetaReceipts } from '@agent-mitra/channels';
import { OtpError } from '@agent-mitra/errors';
import express, { Router } from 'express';
import type { WebhookDeps } from './deps';
import { logIgnored, recordReceipts } from './record-receipts';
import { readBody, rejectWebhook } from './rejections';
import { trustedSecret } from './secrets';

export const META_WEBHOOK_PATH = '/webhooks/whatsapp';
/** Meta's notifications are a few KB; anything past this is refused before its signature is even read. */
const MAX_BODY = '1mb';
const EMPTY = Buffer.alloc(0);

/**
 * WhatsApp Cloud API webhooks (DESIGN §5): the subscription handshake, then signed notifications whose
 * `statuses[]` are stored before the 200. Inbound user messages are acknowledged and left alone.
 */
export function metaRouter(deps: WebhookDeps): Router {
  const router = Router();
  const appSecret = trustedSecret(deps, 'WHATSAPP_WEBHOOK_SECRET', deps.config.whatsapp.webhookSecret);
  const verifyToken = trustedSecret(deps, 'WHATSAPP_VERIFY_TOKEN', deps.config.whatsapp.verifyToken);

  router.get(META_WEBHOOK_PATH, (req, res) => {
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = req.query;
    const valid =
      mode === 'subscribe' &&
      typeof challenge === 'string' &&
      verifyToken !== null &&
      isValidVerifyToken(verifyToken, token);
    if (!valid) {
      rejectWebhook(
        deps,
        res,
        'whatsapp',
        'bad_verify_token',
        new OtpError('FORBIDDEN', 'webhook verification failed'),
      );
      return;
    }
    deps.logger.info({ provider: 'whatsapp' }, 'webhook subscription verified');
    res.status(200).type('text/plain').send(challenge);
  });

  const rawBody = readBody(express.raw({ type: () => true, limit: MAX_BODY }), 'whatsapp', deps);
  router.post(META_WEBHOOK_PATH, rawBody, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    const signature = req.get('x-hub-signature-256');
    if (signature === undefined) {
      rejectWebhook(
        deps,
        res,
        'whatsapp',
        'missing_signature',
        new OtpError('UNAUTHENTICATED', 'missing X-Hub-Signature-256'),
      );
      return;
    }
    // Checked over the exact bytes received, before anything is parsed.
    if (appSecret === null || !isValidMetaSignature(appSecret, body, signature)) {
      rejectWebhook(
        deps,
        res,
        'whatsapp',
        'bad_signature',
        new OtpError('UNAUTHENTICATED', 'invalid X-Hub-Signature-256'),
      );
      return;
    }
    const batch = parseMetaReceipts(parseJson(body), Date.now());
    if (batch === null) {
      rejectWebhook(
        deps,
        res,
        'whatsapp',
        'malformed',
        new OtpError('VALIDATION_ERROR', 'the body is not a WhatsApp webhook'),
      );
      return;
    }
    const outcome = await recordReceipts(deps, batch.receipts, req.ip);
    logIgnored(deps, 'whatsapp', batch.ignored);
    if (batch.inboundMessages > 0)
      deps.logger.debug({ count: batch.inboundMessages }, 'inbound messages acknowledged');
    res.status(200).json({
      success: true,
      data: { ...outcome, ignored: batch.ignored.length, inbound_messages: batch.inboundMessages },
      message: 'receipts stored',
    });
  });
  return router;
}

/** The JSON value, or undefined. The parser's message is never logged: it quotes the body. */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

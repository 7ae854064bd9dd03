import { isValidTwilioSignature, parseTwilioReceipt, type TwilioSignedParams } from '@agent-mitra/channels';
import { OtpError } from '@agent-mitra/errors';
import express, { Router, type Request } from 'express';
import type { WebhookDeps } from './deps';
import { logIgnored, recordReceipts } from './record-receipts';
import { readBody, rejectWebhook } from './rejections';
import { trustedSecret } from './secrets';

export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/**
 * Twilio StatusCallback (DESIGN §5): a form-encoded POST signed with the auth token over the URL Twilio
 * called and the form fields. Stored before the 200; a forged call is 403 and records nothing.
 */
export function twilioRouter(deps: WebhookDeps): Router {
  const router = Router();
  const authToken = trustedSecret(deps, 'TWILIO_AUTH_TOKEN', deps.config.twilio.authToken);
  const form = readBody(
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
    'twilio',
    deps,
  );

  router.post(TWILIO_STATUS_PATH, form, async (req, res) => {
    const signature = req.get('x-twilio-signature');
    if (signature === undefined || signature === '') {
      rejectWebhook(
        deps,
        res,
        'twilio',
        'missing_signature',
        new OtpError('FORBIDDEN', 'missing X-Twilio-Signature'),
      );
      return;
    }
    const params = formFields(req.body);
    const url = signedUrl(req, deps.config.webhooks.publicUrl);
    if (authToken === null || !isValidTwilioSignature(authToken, signature, url, params)) {
      rejectWebhook(
        deps,
        res,
        'twilio',
        'bad_signature',
        new OtpError('FORBIDDEN', 'invalid X-Twilio-Signature'),
      );
      return;
    }
    const batch = parseTwilioReceipt(params, Date.now());
    if (batch === null) {
      rejectWebhook(
        deps,
        res,
        'twilio',
        'malformed',
        new OtpError('VALIDATION_ERROR', 'MessageSid and MessageStatus are required'),
      );
      return;
    }
    const outcome = await recordReceipts(deps, batch.receipts, req.ip);
    logIgnored(deps, 'twilio', batch.ignored);
    res.status(200).json({
      success: true,
      data: { ...outcome, ignored: batch.ignored.length },
      message: 'receipts stored',
    });
  });
  return router;
}

/**
 * The URL Twilio signed. With WEBHOOKS_PUBLIC_URL set it wins: behind a proxy or tunnel the request
 * arrives on a local address Twilio never called. Without it, the URL the request arrived at (protocol
 * and host honour X-Forwarded-* only from proxies TRUST_PROXY trusts).
 */
export function signedUrl(req: Request, publicUrl: string | undefined): string {
  const origin = publicUrl ?? `${req.protocol}://${req.host ?? ''}`;
  return `${origin}${req.originalUrl}`;
}

/** The string fields of a parsed form (a repeated field is a list, as Twilio's signature expects). */
function formFields(body: unknown): TwilioSignedParams {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (
      typeof value === 'string' ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    ) {
      fields[name] = value as string | readonly string[];
    }
  }
  return fields;
}

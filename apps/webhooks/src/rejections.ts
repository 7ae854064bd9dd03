import type { OtpError } from '@agent-mitra/errors';
import type { RequestHandler, Response } from 'express';
import type { WebhookDeps, WebhookProvider } from './deps';
import { sendError } from '@agent-mitra/http-kit';

export type RejectionReason =
  'missing_signature' | 'bad_signature' | 'bad_verify_token' | 'malformed' | 'too_large' | 'unreadable_body';

/** Refuses a webhook call: counted by provider and reason, logged without headers or body. */
export function rejectWebhook(
  deps: Pick<WebhookDeps, 'logger' | 'metrics'>,
  res: Response,
  provider: WebhookProvider,
  reason: RejectionReason,
  error: OtpError,
): void {
  deps.metrics.webhookRejected.inc({ provider, reason });
  deps.logger.warn({ provider, reason, status: error.httpStatus }, 'webhook rejected');
  sendError(res, error);
}

/** Runs a body parser and counts its refusals (too large, unreadable) before the error handler answers. */
export function readBody(
  parser: RequestHandler,
  provider: WebhookProvider,
  deps: Pick<WebhookDeps, 'logger' | 'metrics'>,
): RequestHandler {
  return (req, res, next) => {
    void parser(req, res, (error?: unknown) => {
      if (error instanceof Error) {
        const reason: RejectionReason =
          (error as { status?: unknown }).status === 413 ? 'too_large' : 'unreadable_body';
        deps.metrics.webhookRejected.inc({ provider, reason });
        deps.logger.warn({ provider, reason }, 'webhook rejected');
      }
      next(error);
    });
  };
}

import type { Request, Response } from 'express';
import type { OtpEngine, SendInput } from '@agent-mitra/otp-engine';
import { sendOk } from '../envelope';
import { presentSend } from '../presenters';

/**
 * Runs a send with the caller's Idempotency-Key and answers the envelope. `perIpLimit` is for the mobile
 * routes: backend callers (API key) send for many users from one address, so the ceiling would hit them all.
 */
export async function answerSend(
  engine: OtpEngine,
  req: Request,
  res: Response,
  input: SendInput,
  perIpLimit: boolean,
): Promise<void> {
  const result = await engine.send(input, {
    idempotencyKey: req.get('idempotency-key'),
    clientIp: perIpLimit ? req.ip : undefined,
  });
  sendOk(res, presentSend(result), 'OTP sent successfully');
}

import type { Request, Response } from 'express';
import type { OtpEngine, SendInput } from '@agent-mitra/otp-engine';
import { callerOf } from '../auth';
import { sendOk } from '../envelope';
import { presentSend } from '../presenters';

/**
 * Runs a send for the route's caller with its Idempotency-Key and answers the envelope. The client's
 * address goes with every call (its keyed hash is audited); the engine applies the per-address limits to
 * public callers only: backends (API key) send for many users from one address.
 */
export async function answerSend(
  engine: OtpEngine,
  req: Request,
  res: Response,
  input: SendInput,
): Promise<void> {
  const caller = callerOf(res);
  const result = await engine.send(input, {
    caller,
    idempotencyKey: req.get('idempotency-key'),
    clientIp: req.ip,
  });
  sendOk(res, presentSend(result), 'OTP sent successfully');
}

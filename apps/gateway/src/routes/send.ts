import type { Request, Response } from 'express';
import type { OtpEngine, SendInput } from '@agent-mitra/otp-engine';
import { sendOk } from '../envelope';
import { presentSend } from '../presenters';

/** Runs a send with the caller's Idempotency-Key and IP, and answers the envelope. */
export async function answerSend(engine: OtpEngine, req: Request, res: Response, input: SendInput): Promise<void> {
  const result = await engine.send(input, {
    idempotencyKey: req.get('idempotency-key'),
    clientIp: req.ip,
  });
  sendOk(res, presentSend(result), 'OTP sent successfully');
}

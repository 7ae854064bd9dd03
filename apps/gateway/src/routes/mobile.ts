import { Router } from 'express';
import { OtpError, type ErrorCode } from '@agent-mitra/errors';
import type { Caller, OtpEngine, VerifyResultName } from '@agent-mitra/otp-engine';
import { sendOk } from '../envelope';
import { presentRequest } from '../presenters';
import { idParam, mobileSendBody, verifyBody } from '../schemas';
import { bodyObject, parseInput } from '../validate';
import { answerSend } from './send';

const VERIFY_ERRORS: Record<Exclude<VerifyResultName, 'approved'>, ErrorCode> = {
  invalid_code: 'OTP_INVALID',
  expired: 'OTP_EXPIRED',
  not_found: 'OTP_NOT_FOUND',
  max_attempts: 'OTP_MAX_ATTEMPTS',
};

const PUBLIC: Caller = { kind: 'public', id: null };

/**
 * The mobile app's routes (`/api/v1/otp/...`), open to anyone: the server generates every code, the
 * verify needs the request id the send returned, and codes a backend chose are not found here.
 */
export function mobileRoutes(engine: OtpEngine): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.locals['caller'] = PUBLIC;
    next();
  });

  router.post('/send', async (req, res) => {
    const body = parseInput(mobileSendBody, bodyObject(req));
    await answerSend(engine, req, res, {
      toPhone: body.to_phone,
      channel: body.channel,
      purpose: body.purpose,
      locale: body.locale,
      allowFallback: body.allow_fallback,
    });
  });

  router.post('/verify', async (req, res) => {
    const body = parseInput(verifyBody, bodyObject(req));
    const outcome = await engine.verify(
      { toPhone: body.to_phone, code: body.code, requestId: body.request_id },
      { caller: PUBLIC, clientIp: req.ip },
    );
    if (outcome.result !== 'approved' || !outcome.verificationToken || !outcome.requestId) {
      const code = VERIFY_ERRORS[outcome.result === 'approved' ? 'not_found' : outcome.result];
      throw new OtpError(code, undefined, { attempts_left: outcome.attemptsLeft });
    }
    sendOk(
      res,
      {
        verified: true,
        result: 'approved',
        request_id: outcome.requestId,
        verification_token: outcome.verificationToken,
      },
      'OTP verified successfully',
    );
  });

  router.get('/requests/:id', async (req, res) => {
    const id = parseInput(idParam, req.params['id']);
    sendOk(res, presentRequest(await engine.request(id)), 'OTP request');
  });

  return router;
}

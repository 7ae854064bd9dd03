import { KeyedHashes } from '@agent-mitra/privacy';
import type { EngineDeps } from './deps';
import { runDueFallbacks } from './fallback';
import { sendOtp } from './send';
import { getDeliveryStatus, getRequestView } from './status';
import { TokenIssuer, type Jwks } from './token';
import type {
  DeliveryView,
  EngineOptions,
  RequestView,
  SendContext,
  SendInput,
  SendResult,
  VerifyContext,
  VerifyInput,
  VerifyOutcome,
} from './types';
import { verifyOtp } from './verify';

/** The OTP use cases shared by the gRPC and REST edges. It does no I/O of its own beyond its ports. */
export class OtpEngine {
  private readonly deps: EngineDeps;

  constructor(options: EngineOptions) {
    this.deps = {
      ...options,
      now: options.clock ?? Date.now,
      hashes: options.hashes ?? new KeyedHashes(options.settings.hashSecret),
      tokens: new TokenIssuer(options.settings),
    };
  }

  send(input: SendInput, context: SendContext): Promise<SendResult> {
    return sendOtp(this.deps, input, context);
  }

  verify(input: VerifyInput, context: VerifyContext): Promise<VerifyOutcome> {
    return verifyOtp(this.deps, input, context);
  }

  /** The public keys of ES256 verification tokens (GET /.well-known/jwks.json); null with HS256. */
  jwks(): Promise<Jwks | null> {
    return this.deps.tokens.jwks();
  }

  deliveryStatus(query: {
    messageId?: string | undefined;
    requestId?: string | undefined;
  }): Promise<DeliveryView> {
    return getDeliveryStatus(this.deps, query);
  }

  request(requestId: string): Promise<RequestView> {
    return getRequestView(this.deps, requestId);
  }

  /**
   * One run of the late-fallback duty (DESIGN §2, §5): claims up to `limit` due SMS fallbacks (each once
   * across instances) and sends them. Answers how many it claimed.
   */
  runDueFallbacks(limit = 20): Promise<number> {
    return runDueFallbacks(this.deps, limit);
  }
}

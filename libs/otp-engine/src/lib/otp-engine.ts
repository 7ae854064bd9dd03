import type { EngineDeps } from './deps';
import { sendOtp } from './send';
import { getDeliveryStatus, getRequestView } from './status';
import type {
  DeliveryView,
  EngineOptions,
  RequestView,
  SendContext,
  SendInput,
  SendResult,
  VerifyInput,
  VerifyOutcome,
} from './types';
import { verifyOtp } from './verify';

/** The OTP use cases shared by the gRPC and REST edges. It does no I/O of its own beyond its ports. */
export class OtpEngine {
  private readonly deps: EngineDeps;

  constructor(options: EngineOptions) {
    this.deps = { ...options, now: options.clock ?? Date.now };
  }

  send(input: SendInput, context: SendContext = {}): Promise<SendResult> {
    return sendOtp(this.deps, input, context);
  }

  verify(input: VerifyInput): Promise<VerifyOutcome> {
    return verifyOtp(this.deps, input);
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
}

import type { ChannelName } from '@agent-mitra/contract';
import type { OtpChannel, OtpMessage, SendReceipt } from '../port';

/** Mock mode's code (DESIGN §7): public, so mock mode must never apply to a real user in production. */
export const MOCK_CODE = '123456';

/** Delivers nothing and costs nothing: the id follows the original `mock_<to>_<unix seconds>`. */
export class MockChannel implements OtpChannel {
  readonly provider = 'mock' as const;

  constructor(
    readonly channel: ChannelName,
    private readonly now: () => number = Date.now,
  ) {}

  send(message: OtpMessage): Promise<SendReceipt> {
    const seconds = Math.floor(this.now() / 1000);
    return Promise.resolve({ provider: 'mock', messageId: `mock_${message.to}_${seconds}`, status: 'sent' });
  }
}

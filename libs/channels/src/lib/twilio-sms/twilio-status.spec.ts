import { TWILIO_MESSAGE_STATUSES, twilioDeliveryStatus } from '../../index';

describe('Twilio status mapping', () => {
  it.each([
    ['accepted', 'queued'],
    ['scheduled', 'queued'],
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['partially_delivered', null],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
    ['receiving', null],
    ['received', null],
    ['no-such-status', null],
  ])('%s → %s', (twilio, ours) => {
    expect(twilioDeliveryStatus(twilio)).toBe(ours);
  });

  it('covers every status Twilio documents', () => {
    expect(TWILIO_MESSAGE_STATUSES).toHaveLength(13);
  });
});

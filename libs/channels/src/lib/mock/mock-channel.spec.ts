import { formatOtpText, MockChannel, MOCK_CODE } from '../../index';

describe('mock channel', () => {
  it('answers the original mock message id and status without any network call', async () => {
    const channel = new MockChannel('sms', () => 1_234_567_890_123);
    const receipt = await channel.send({
      requestId: 'r',
      to: '+919876543210',
      code: MOCK_CODE,
      ttlSeconds: 300,
      locale: null,
      purpose: null,
    });
    expect(receipt).toEqual({ provider: 'mock', messageId: 'mock_+919876543210_1234567890', status: 'sent' });
  });
});

describe('formatOtpText', () => {
  it('is the original mock text for 5 minutes', () => {
    expect(formatOtpText('123456', 300)).toBe(
      'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
    );
  });
  it('follows the TTL and says "minute" for one', () => {
    expect(formatOtpText('123456', 600)).toContain('Valid for 10 minutes.');
    expect(formatOtpText('123456', 3)).toContain('Valid for 1 minute.');
  });
});

import { isFinalStatus, loadOtpProto, shouldAdvanceStatus } from '../index';

describe('delivery status model', () => {
  it('moves forward only', () => {
    expect(shouldAdvanceStatus(null, 'queued')).toBe(true);
    expect(shouldAdvanceStatus('queued', 'sent')).toBe(true);
    expect(shouldAdvanceStatus('sent', 'read')).toBe(true);
    expect(shouldAdvanceStatus('delivered', 'sent')).toBe(false);
    expect(shouldAdvanceStatus('read', 'delivered')).toBe(false);
    expect(shouldAdvanceStatus('sent', 'sent')).toBe(false);
  });

  it('keeps failed and undelivered final, and never lets them hide a delivery', () => {
    expect(shouldAdvanceStatus('sent', 'failed')).toBe(true);
    expect(shouldAdvanceStatus('failed', 'delivered')).toBe(false);
    expect(shouldAdvanceStatus('undelivered', 'read')).toBe(false);
    expect(shouldAdvanceStatus('delivered', 'failed')).toBe(false);
    expect(isFinalStatus('undelivered')).toBe(true);
    expect(isFinalStatus('sent')).toBe(false);
  });
});

describe('proto', () => {
  it('loads agentmitra.otp.v1.OtpService with the three methods', () => {
    const service = loadOtpProto().agentmitra.otp.v1.OtpService.service;
    expect(Object.keys(service).sort()).toEqual(['GetDeliveryStatus', 'SendOtp', 'VerifyOtp']);
    expect(service.SendOtp.path).toBe('/agentmitra.otp.v1.OtpService/SendOtp');
  });
});

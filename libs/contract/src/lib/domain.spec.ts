import {
  currentStatusOf,
  DELIVERY_STATUSES,
  isFinalStatus,
  loadOtpProto,
  requestDeliveryStatusOf,
  shouldAdvanceStatus,
  type DeliveryStatus,
} from '../index';

/** Every order of `items` (n! of them). */
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

describe('delivery status model (DESIGN §5)', () => {
  it('moves forward only', () => {
    expect(shouldAdvanceStatus(null, 'queued')).toBe(true);
    expect(shouldAdvanceStatus('queued', 'sent')).toBe(true);
    expect(shouldAdvanceStatus('sent', 'read')).toBe(true);
    expect(shouldAdvanceStatus('delivered', 'sent')).toBe(false);
    expect(shouldAdvanceStatus('read', 'delivered')).toBe(false);
    expect(shouldAdvanceStatus('sent', 'sent')).toBe(false);
  });

  it('ranks failures above sent and below a delivery, whichever arrives first', () => {
    expect(shouldAdvanceStatus('sent', 'failed')).toBe(true);
    expect(shouldAdvanceStatus('failed', 'delivered')).toBe(true);
    expect(shouldAdvanceStatus('undelivered', 'read')).toBe(true);
    expect(shouldAdvanceStatus('delivered', 'failed')).toBe(false);
    expect(shouldAdvanceStatus('read', 'undelivered')).toBe(false);
    expect(shouldAdvanceStatus('failed', 'sent')).toBe(false);
  });

  it('breaks the failed/undelivered tie one way only: undelivered', () => {
    expect(shouldAdvanceStatus('failed', 'undelivered')).toBe(true);
    expect(shouldAdvanceStatus('undelivered', 'failed')).toBe(false);
    expect(currentStatusOf(['undelivered', 'failed'])).toBe('undelivered');
    expect(currentStatusOf(['failed', 'undelivered'])).toBe('undelivered');
  });

  it('gives one current status for every arrival order of every set of statuses', () => {
    for (let mask = 1; mask < 2 ** DELIVERY_STATUSES.length; mask += 1) {
      const set = DELIVERY_STATUSES.filter((_, i) => mask & (2 ** i));
      const answers = new Set(permutations(set).map((order) => currentStatusOf(order)));
      expect(answers.size).toBe(1);
    }
    expect(currentStatusOf([])).toBeNull();
  });

  it('orders read > delivered > undelivered > failed > sent > queued', () => {
    const order: DeliveryStatus[] = ['queued', 'sent', 'failed', 'undelivered', 'delivered', 'read'];
    order.forEach((status, i) => {
      expect(currentStatusOf([...order.slice(0, i + 1)].reverse())).toBe(status);
    });
  });

  it('the issue cases: Twilio sent/undelivered/delivered and Meta failed/delivered end delivered in any order', () => {
    for (const order of permutations<DeliveryStatus>(['sent', 'undelivered', 'delivered'])) {
      expect(currentStatusOf(order)).toBe('delivered');
    }
    expect(currentStatusOf(['failed', 'delivered'])).toBe('delivered');
    expect(currentStatusOf(['delivered', 'failed'])).toBe('delivered');
  });

  it('calls failed, undelivered and read the ends of a provider lifecycle', () => {
    expect(isFinalStatus('undelivered')).toBe(true);
    expect(isFinalStatus('read')).toBe(true);
    expect(isFinalStatus('sent')).toBe(false);
  });

  it("speaks of a request's delivery in the app's five words", () => {
    const words = ([...DELIVERY_STATUSES, 'unknown', 'refused', null] as const).map(requestDeliveryStatusOf);
    expect(words).toEqual([
      'pending',
      'sent',
      'delivered',
      'read',
      'failed',
      'failed',
      'pending',
      'failed',
      'pending',
    ]);
  });
});

describe('proto', () => {
  it('loads agentmitra.otp.v1.OtpService with the three methods', () => {
    const service = loadOtpProto().agentmitra.otp.v1.OtpService.service;
    expect(Object.keys(service).sort()).toEqual(['GetDeliveryStatus', 'SendOtp', 'VerifyOtp']);
    expect(service.SendOtp.path).toBe('/agentmitra.otp.v1.OtpService/SendOtp');
  });
});

import { metaDeliveryStatus } from '../../index';

describe('Meta status mapping', () => {
  it.each([
    ['accepted', 'queued'],
    ['held_for_quality_assessment', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['failed', 'failed'],
    ['deleted', null],
  ])('%s → %s', (meta, ours) => {
    expect(metaDeliveryStatus(meta)).toBe(ours);
  });
});

import {
  addressBlock,
  clientAddress,
  UNPARSEABLE_ADDRESS,
  unparseableAddressWarning,
} from './client-address';

describe('clientAddress / addressBlock', () => {
  it.each([
    ['10.1.1.1', '10.1.1.1', '10.1.1.1'],
    [' 10.1.1.1 ', '10.1.1.1', '10.1.1.1'],
    ['10.1.1.1:1234', '10.1.1.1', '10.1.1.1'],
    ['::ffff:10.1.1.1', '10.1.1.1', '10.1.1.1'],
    ['[::ffff:10.1.1.1]:80', '10.1.1.1', '10.1.1.1'],
    ['2001:db8:1:3::e', '2001:db8:1:3:0:0:0:e', '2001:db8:1:3::/64'],
    ['2001:db8:1:3::e%eth0', '2001:db8:1:3:0:0:0:e', '2001:db8:1:3::/64'],
    ['[2001:db8::1]:443', '2001:db8:0:0:0:0:0:1', '2001:db8:0:0::/64'],
    ['[2001:db8::1]', '2001:db8:0:0:0:0:0:1', '2001:db8:0:0::/64'],
    // A dotted IPv4 tail on another prefix (NAT64, RFC 6052): an IPv6 address like any other.
    ['64:ff9b::1.2.3.4', '64:ff9b:0:0:0:0:102:304', '64:ff9b:0:0::/64'],
    ['2001:db8:1:2::1.2.3.4', '2001:db8:1:2:0:0:102:304', '2001:db8:1:2::/64'],
    ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4', '1.2.3.4'],
  ])('%j is the client %s in block %s', (raw, address, block) => {
    expect([clientAddress(raw), addressBlock(raw)]).toEqual([address, block]);
  });

  it.each([
    'garbage1',
    '010.001.001.001',
    '0x0a.1.1.1',
    '167837953',
    '10.1.1',
    '1.2.3.4.5',
    '::ffff:010.1.1.1',
    '[garbage]:443',
    '',
    'unknown',
  ])('%j shares the one unparseable bucket', (raw) => {
    expect([clientAddress(raw), addressBlock(raw)]).toEqual([UNPARSEABLE_ADDRESS, UNPARSEABLE_ADDRESS]);
  });

  it('warns about an unparseable address once per process, without the value', () => {
    const warnings: unknown[][] = [];
    const check = unparseableAddressWarning({ warn: (...args: unknown[]) => warnings.push(args) });
    check('10.1.1.1');
    check(undefined);
    expect(warnings).toHaveLength(0);
    check('garbage-one');
    check('garbage-two');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('garbage');
  });
});

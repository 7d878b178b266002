import { describe, expect, it } from 'vitest';
import { clientNetwork } from './network.ts';

describe('clientNetwork', () => {
  it('keeps an IPv4 address, also written IPv4-mapped', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('counts IPv6 by its /64, however it is written', () => {
    const net = '2001:db8:0:42::/64';
    for (const a of ['2001:db8:0:42::1', '2001:DB8::42:ffff:1:2:3', '2001:0db8:0000:0042:0:0:0:9', '2001:db8:0:42::1%eth0']) expect(clientNetwork(a)).toBe(net);
    expect(clientNetwork('2001:db8:0:43::1')).not.toBe(net);
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves anything else as it is', () => {
    expect(clientNetwork(undefined)).toBe('');
    expect(clientNetwork(' Unknown ')).toBe('unknown');
  });
});

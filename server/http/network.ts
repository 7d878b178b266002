// One client network per address: what rate limits and guests' skip votes count by.
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address, "::" expanded and a trailing dotted IPv4 part included. */
function ipv6Groups(address: string): number[] {
  let s = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split('.').map(Number);
    s = s.slice(0, -dotted.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The network a client address stands for: an IPv4 address as is (also when written IPv4-mapped,
 * `::ffff:10.0.0.1`), an IPv6 address by its /64 (one subscriber or host usually holds a whole /64, so
 * counting single IPv6 addresses would give one machine billions of "addresses"). Anything else (an
 * unknown peer, a proxy's odd X-Forwarded-For value) stays as it is, lower-cased.
 */
export function clientNetwork(address: string | undefined): string {
  const a = (address ?? '').trim().toLowerCase().replace(/%.*$/, '');
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return a;
  const g = ipv6Groups(a);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.');
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}

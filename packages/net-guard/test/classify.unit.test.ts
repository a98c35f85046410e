import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowed, parseCidrList, parseIp, formatIp } from '../src/index.ts';

describe('parseIp', () => {
  it('parses v4, v6, embedded v4, brackets and zones', () => {
    expect(formatIp(parseIp('10.1.2.3')!)).toBe('10.1.2.3');
    expect(formatIp(parseIp('::1')!)).toBe('0:0:0:0:0:0:0:1');
    expect(formatIp(parseIp('[fe80::1%eth0]')!)).toBe('fe80:0:0:0:0:0:0:1');
    expect(formatIp(parseIp('::ffff:127.0.0.1')!)).toBe('0:0:0:0:0:ffff:7f00:1');
    expect(formatIp(parseIp('1:2:3:4:5:6:7:8')!)).toBe('1:2:3:4:5:6:7:8');
    expect(parseIp('127.1')).toBeNull();
    expect(parseIp('example.com')).toBeNull();
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'benchmark'],
    ['192.0.2.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['192.0.0.8', 'reserved'],
    // IPv6
    ['2606:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:2::1', 'benchmark'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    // IPv4 embedded in IPv6
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:808:808::1', 'public'],
    ['[::1]', 'loopback'],
    ['not-an-ip', 'invalid'],
  ])('%s → %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe('allow lists', () => {
  it('parses FETCH_ALLOW_NETWORKS style lists', () => {
    const list = parseCidrList('127.0.0.0/8, ::1/128  10.1.2.3');
    expect(list.map((c) => [c.source, c.prefix])).toEqual([
      ['127.0.0.0/8', 8],
      ['::1/128', 128],
      ['10.1.2.3', 32],
    ]);
    expect(parseCidrList('')).toEqual([]);
    expect(() => parseCidrList('127.0.0.0/33')).toThrow(/prefix length/);
    expect(() => parseCidrList('localhost/8')).toThrow(/not an IP address/);
  });

  it('allows public addresses always and special ones only when listed', () => {
    expect(isAllowed('8.8.8.8', [])).toBe(true);
    expect(isAllowed('127.0.0.1', [])).toBe(false);
    expect(isAllowed('127.0.0.1', '127.0.0.0/8')).toBe(true);
    expect(isAllowed('127.0.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(isAllowed('::1', '127.0.0.0/8')).toBe(false);
    expect(isAllowed('::1', '127.0.0.0/8,::1/128')).toBe(true);
    // A v4 allow entry covers the same address seen through a dual-stack socket.
    expect(isAllowed('::ffff:127.0.0.1', '127.0.0.0/8')).toBe(true);
    expect(isAllowed('::ffff:127.0.0.1', [])).toBe(false);
    expect(isAllowed('169.254.169.254', '10.0.0.0/8')).toBe(false);
    expect(isAllowed('garbage', '0.0.0.0/0')).toBe(false);
    expect(isAllowed('10.9.9.9', parseCidrList('10.0.0.0/8'))).toBe(true);
  });
});

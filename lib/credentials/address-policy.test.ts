import { describe, expect, test } from 'vitest';
import { addressRefusal, classifyAddress, isIpLiteral, type AddressClass } from './address-policy';

// Every spelling that puts a private or special IPv4 address behind an IPv6 address must classify
// as that IPv4 address would (issue 12: `::ffff:7f00:1` was "public" and reached loopback).
describe('classifyAddress: IPv4-in-IPv6 spellings', () => {
  test.each<[string, AddressClass]>([
    // IPv4-mapped, dotted and hex, compressed and expanded
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::FFFF:7F00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:c0a8:101', 'private'],
    ['::ffff:ac10:1', 'private'],
    ['::ffff:6440:1', 'private'], // 100.64.0.1, CGNAT
    ['::ffff:0.0.0.0', 'reserved'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:808:808', 'public'],
    // IPv4-compatible (deprecated ::/96), dotted and hex
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::a9fe:a9fe', 'link-local'],
    ['::10.0.0.1', 'private'],
    ['::a00:1', 'private'],
    // SIIT (RFC 6145)
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:a9fe:a9fe', 'link-local'],
    // NAT64 well-known prefix (RFC 6052), dotted and hex; local-use NAT64 (RFC 8215)
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::a00:1', 'private'],
    // 6to4 (RFC 3056)
    ['2002:7f00:1::', 'loopback'],
    ['2002:7f00:0001:0:0:0:0:1', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:a00:1::1', 'private'],
    ['2002:808:808::1', 'public'],
    // Teredo (RFC 4380): server in bits 32-63, client inverted in 96-127
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // client 127.0.0.1
    ['2001:0:a00:1::f7f7:f7f7', 'private'], // server 10.0.0.1, client 8.8.8.8
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'public'], // client 8.8.8.8
    // zone ids do not change the class
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:7f00:1%lo', 'loopback'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe('classifyAddress: plain IPv4 and IPv6', () => {
  test.each<[string, AddressClass]>([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0x7f.1', 'loopback'], // how inet_aton reads it
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'reserved'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['2a00:1450:4009:80b::200e', 'public'],
    // not addresses at all
    ['', 'reserved'],
    ['localhost', 'reserved'],
    ['example.org', 'reserved'],
    ['::ffff:999.0.0.1', 'reserved'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

test('isIpLiteral reads bracketed and zoned forms, not hostnames', () => {
  expect(isIpLiteral('[::ffff:7f00:1]')).toBe(true);
  expect(isIpLiteral('fe80::1%eth0')).toBe(true);
  expect(isIpLiteral('127.0.0.1')).toBe(true);
  expect(isIpLiteral('example.org')).toBe(false);
});

test('addressRefusal applies the allow switches to their own class only', () => {
  const closed = { allowLoopback: false, allowPrivate: false };
  expect(addressRefusal('::ffff:7f00:1', closed)).toMatch(/loopback/);
  expect(addressRefusal('::ffff:7f00:1', { allowLoopback: true, allowPrivate: false })).toBeNull();
  expect(addressRefusal('64:ff9b::a00:1', { allowLoopback: true, allowPrivate: false })).toMatch(/private network/);
  expect(addressRefusal('64:ff9b::a00:1', { allowLoopback: false, allowPrivate: true })).toBeNull();
  // Nothing allows link-local or reserved: the metadata service stays out of reach in every mode.
  expect(addressRefusal('::ffff:a9fe:a9fe', { allowLoopback: true, allowPrivate: true })).toMatch(/link-local or cloud metadata/);
  expect(addressRefusal('0.0.0.0', { allowLoopback: true, allowPrivate: true })).toMatch(/reserved/);
  expect(addressRefusal('8.8.8.8', closed)).toBeNull();
});

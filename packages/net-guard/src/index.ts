// SSRF protection: address classification, allow lists and a connect-time DNS lookup that refuses
// private, loopback and metadata addresses (see guardedLookup for why it must run at connect time).
export { parseIp, formatIp, type IpBytes } from './ip.ts';
export { parseCidr, parseCidrList, cidrContains, type Cidr } from './cidr.ts';
export { classifyAddress, type AddressClass, type BlockReason } from './classify.ts';
export { isAllowed, assertAddressAllowed, assertUrlHostAllowed, blockedError, type AllowList } from './guard.ts';
export { guardedLookup, resolverFromLookup, systemResolver, type Resolver, type ResolvedAddress } from './lookup.ts';

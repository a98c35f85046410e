import { isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { assertAddressAllowed, blockedError, classifyAddress, guardedLookup, isAllowed, resolverFromLookup, type Cidr } from '@ingest/net-guard';

export interface GuardedAgent {
  agent: Agent;
  /** Peer address of the last connection per "host|port" (see remoteKey). */
  remoteAddresses: Map<string, string>;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function remoteKey(protocol: string, hostname: string, port: string): string {
  return `${stripBrackets(hostname)}|${port || (protocol === 'https:' ? '443' : '80')}`;
}

/**
 * An undici Agent whose every connection goes through the network guard: host names are resolved
 * by the guarded lookup (so the checked address is the connected one), IP literals — which
 * net.connect never passes to `lookup` — are checked before connecting, and the peer address of
 * the established socket is checked once more as a last line of defence.
 */
export function createGuardedAgent(options: {
  allow: readonly Cidr[];
  lookup?: LookupFunction | undefined;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxHeaderBytes: number;
  ca?: string | Buffer | Array<string | Buffer> | undefined;
}): GuardedAgent {
  const { allow } = options;
  const lookup = guardedLookup(allow, options.lookup ? resolverFromLookup(options.lookup) : undefined);
  // Extra CAs are added to, not substituted for, the default roots.
  const ca = options.ca === undefined ? undefined : [...tls.rootCertificates, ...(Array.isArray(options.ca) ? options.ca : [options.ca])];
  const base = buildConnector({ timeout: options.connectTimeoutMs, lookup, ...(ca ? { ca } : {}) });
  const remoteAddresses = new Map<string, string>();

  const connect: buildConnector.connector = (opts, callback) => {
    const host = stripBrackets(opts.hostname);
    if (isIP(host) !== 0) {
      try {
        assertAddressAllowed(host, allow, opts.hostname);
      } catch (err) {
        callback(err as Error, null);
        return;
      }
    }
    base(opts, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connector returned no socket'), null);
        return;
      }
      const peer = socket.remoteAddress;
      if (peer && !isAllowed(peer, allow)) {
        socket.destroy();
        callback(blockedError(peer, opts.hostname, classifyAddress(peer)), null);
        return;
      }
      if (peer) remoteAddresses.set(remoteKey(opts.protocol, opts.hostname, opts.port), peer);
      callback(null, socket);
    });
  };

  const agent = new Agent({
    connect,
    headersTimeout: options.headersTimeoutMs,
    // undici's bodyTimeout is an idle timeout between chunks; the total body deadline is ours.
    bodyTimeout: options.bodyTimeoutMs,
    maxHeaderSize: options.maxHeaderBytes,
    connections: 4,
    keepAliveTimeout: 4_000,
  });
  return { agent, remoteAddresses };
}

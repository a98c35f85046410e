import { existsSync } from 'node:fs';
import { connect } from 'node:net';

/**
 * True when a Docker engine answers. Checked cheaply first (socket present and accepting), so a
 * machine without an engine does not wait on testcontainers' own discovery.
 */
export async function dockerEngineAnswers(env: Record<string, string | undefined>): Promise<boolean> {
  const host = env.DOCKER_HOST;
  const socket = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? null : '/var/run/docker.sock';
  if (socket !== null && !existsSync(socket)) return false;
  const reachable = await new Promise<boolean>((resolve) => {
    const sock = socket !== null ? connect(socket) : connect(Number(new URL(host!.replace(/^tcp:/, 'http:')).port), new URL(host!.replace(/^tcp:/, 'http:')).hostname);
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
  if (!reachable) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    return Boolean(client.info.containerRuntime);
  } catch {
    return false;
  }
}

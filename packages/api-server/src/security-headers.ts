import type { FastifyInstance } from 'fastify';

/**
 * Content-Security-Policy per surface. Each lists only what that surface loads, checked against
 * what it serves: the search page (own module scripts and stylesheet, talks to Meilisearch from the
 * browser), bull-board (own scripts; a loading screen with inline style attributes and a <style>
 * element, Google Fonts stylesheet, a <base href>), and everything else (JSON, metrics) none.
 * The archived copies set their own sandboxing policy (routes/documents.ts).
 */
export function contentSecurityPolicies(meiliUrl: string): { searchUi: string; console: string; dashboard: string; api: string } {
  let meiliOrigin = '';
  try {
    meiliOrigin = meiliUrl ? ` ${new URL(meiliUrl).origin}` : '';
  } catch {
    meiliOrigin = '';
  }
  const common = "frame-ancestors 'none'; object-src 'none'";
  return {
    searchUi: `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'${meiliOrigin}; base-uri 'none'; form-action 'self'; ${common}`,
    // The console talks only to this API (same origin), never to Meilisearch.
    console: `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; ${common}`,
    dashboard: `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'; ${common}`,
    api: `default-src 'none'; base-uri 'none'; form-action 'none'; ${common}`,
  };
}

/** nosniff, no referrer, no framing and a CSP on every response the API serves. */
export function registerSecurityHeaders(app: FastifyInstance, options: { meiliUrl: string; searchUiRoutes: ReadonlySet<string>; consoleRoutes?: ReadonlySet<string> }): void {
  const csp = contentSecurityPolicies(options.meiliUrl);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) {
      const path = req.url.split('?')[0] ?? '';
      const policy =
        path === '/admin/queues' || path.startsWith('/admin/queues/') ? csp.dashboard : options.searchUiRoutes.has(path) ? csp.searchUi : options.consoleRoutes?.has(path) ? csp.console : csp.api;
      reply.header('content-security-policy', policy);
    }
    return payload;
  });
}

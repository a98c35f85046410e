import { CliError, EXIT, type CliIO } from './io.ts';

/** An RFC 9457 problem as the API answers every error, with our machine-readable `code`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  issues?: string[];
  invalid?: { url: string; code: string; message: string }[];
  [extension: string]: unknown;
}

/** An error answer of the API; `exitCode` follows the CLI's meaning (2 bad input, 1 anything else). */
export class ApiProblemError extends CliError {
  override name = 'ApiProblemError';
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    const lines = [problem.code ? `[${problem.code}] ${problem.detail ?? problem.title ?? ''}` : (problem.detail ?? problem.title ?? `HTTP ${status}`)];
    for (const i of problem.invalid ?? []) lines.push(`  ${i.url}: ${i.message}`);
    super(lines.join('\n'), status === 400 || status === 415 ? EXIT.usage : EXIT.failure);
    this.status = status;
    this.problem = problem;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The CLI's remote mode: every command speaks to the stack's HTTP API with an API key, so it works
 * from any machine that reaches the API, with the key's scopes enforced by the server. Plain fetch
 * (no client library) keeps the CLI's start-up short.
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly key: string;

  constructor(baseUrl: string, key: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.key = key;
  }

  url(path: string, query: Query = {}): string {
    const u = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** The raw response of a successful request; an error answer becomes an ApiProblemError. */
  async request(method: 'GET' | 'POST' | 'DELETE', path: string, options: { query?: Query; body?: unknown; allow?: number[] } = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.url(path, options.query), {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`Cannot reach the API at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}. Check INGEST_API_URL (or --api).`);
    }
    if (res.ok || options.allow?.includes(res.status)) return res;
    const text = await res.text();
    let problem: Problem;
    try {
      problem = JSON.parse(text) as Problem;
    } catch {
      problem = { status: res.status, detail: `HTTP ${res.status} from ${this.baseUrl}${path}: ${text.slice(0, 200)}` };
    }
    throw new ApiProblemError(res.status, problem);
  }

  async json<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: { query?: Query; body?: unknown; allow?: number[] } = {}): Promise<T> {
    const res = await this.request(method, path, options);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
}

/** The API to use, from --api/--key (already moved into the env) or INGEST_API_URL/INGEST_API_KEY; null means local mode. */
export function remoteApi(io: CliIO): ApiClient | null {
  const url = io.env.INGEST_API_URL;
  if (!url) return null;
  const key = io.env.INGEST_API_KEY;
  if (!key) throw new CliError(`Remote mode (${url}) needs an API key: --key KEY or INGEST_API_KEY (create one with: ingest keys create NAME --scope write).`, EXIT.usage);
  try {
    new URL(url);
  } catch {
    throw new CliError(`INGEST_API_URL (or --api) must be an http(s) URL, got "${url}"`, EXIT.usage);
  }
  return new ApiClient(url, key);
}

/** For commands that only make sense where the stack runs (they read its files or run its workers). */
export function localOnly(io: CliIO, command: string, why: string): void {
  if (io.env.INGEST_API_URL) throw new CliError(`ingest ${command} cannot run through the API: ${why}. Run it on the machine that runs the stack (without --api/INGEST_API_URL).`, EXIT.usage);
}

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RetryableError } from '@ingest/errors';

/**
 * Chromium missing is an installation problem, not a page problem: the job is retried (so pages
 * render once the operator installs it) and the message says how to fix it.
 */
export class BrowserMissingError extends RetryableError {
  override name = 'BrowserMissingError';
  constructor(setting: string, cause?: unknown) {
    super(
      'BROWSER_MISSING',
      `Chromium was not found at "${setting}" (RENDER_CHROMIUM_PATH). A source asks for rendering: install it with \`apt-get install chromium\` or point RENDER_CHROMIUM_PATH at a Chromium binary`,
      { cause, details: { executable: setting } },
    );
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A path is used as given; a bare name is looked up on PATH, as a shell would (never a browser download). */
export function resolveChromium(setting: string, pathEnv: string = process.env.PATH ?? ''): string {
  if (setting.includes('/')) {
    if (executable(setting)) return setting;
    throw new BrowserMissingError(setting);
  }
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, setting);
    if (executable(candidate)) return candidate;
  }
  throw new BrowserMissingError(setting);
}

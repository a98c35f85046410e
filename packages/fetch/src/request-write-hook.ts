import type { Dispatcher } from 'undici';

/** The `onRequestWrite` hook refused to let a request go out; nothing was sent. */
export class RequestWriteRefused extends Error {
  override name = 'RequestWriteRefused';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

type Handler = Dispatcher.DispatchHandler;
type Controller = Parameters<NonNullable<Handler['onRequestStart']>>[0];

/**
 * Runs `hook` synchronously as undici starts a request on its socket: the connection is up and
 * the request line goes to the socket in the same call stack, with no event-loop turn in between,
 * so a check made here cannot be outdated by a stall before the bytes leave. A throwing hook
 * aborts the request before anything is written.
 */
class WriteHookHandler implements Handler {
  readonly #inner: Handler;
  readonly #hook: () => void;

  constructor(inner: Handler, hook: () => void) {
    this.#inner = inner;
    this.#hook = hook;
  }

  onRequestStart(controller: Controller, context: unknown): void {
    this.#inner.onRequestStart?.(controller, context);
    if (controller.aborted) return;
    try {
      this.#hook();
    } catch (err) {
      controller.abort(new RequestWriteRefused(err));
    }
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Handler['onRequestUpgrade']>>): void {
    this.#inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Handler['onResponseStart']>>): void {
    this.#inner.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Handler['onResponseData']>>): void {
    this.#inner.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Handler['onResponseEnd']>>): void {
    this.#inner.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Handler['onResponseError']>>): void {
    this.#inner.onResponseError?.(...args);
  }
}

/** `dispatcher` with `hook(url)` run at the moment each request is written (see WriteHookHandler). */
export function withRequestWriteHook(dispatcher: Dispatcher, hook: (url: string) => void): Dispatcher {
  return dispatcher.compose((dispatch) => (opts, handler) => {
    const url = new URL(opts.path, opts.origin).href;
    return dispatch(opts, new WriteHookHandler(handler, () => hook(url)));
  });
}

/**
 * The one requestId → AbortController bookkeeping of the engine: every command whose arguments
 * carry a `requestId` is registered while it runs, so `cancel(requestId)` (the deprecated
 * per-domain cancel commands, `Engine.cancelIngest`) can stop it. Transports cancel with the
 * AbortSignal they pass to `invoke` instead.
 */
export class RunningRequests {
  private readonly controllers = new Map<string, AbortController>();

  /** Registers a request; its signal aborts when `cancel(requestId)` is called or any of `signals` aborts. Call `end` when it settles. */
  start(requestId: string | undefined, signals: readonly AbortSignal[]): { signal: AbortSignal; end: () => void } {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, ...signals]);
    if (requestId) this.controllers.set(requestId, controller);
    return {
      signal,
      end: () => {
        // A later request may have reused the id: forget only our own.
        if (requestId && this.controllers.get(requestId) === controller) this.controllers.delete(requestId);
      },
    };
  }

  /** Stops the request running with this id; false when none is. */
  cancel(requestId: string): boolean {
    const controller = this.controllers.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }
}

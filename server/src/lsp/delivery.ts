/**
 * How diagnostics reach the client: pushed (`publishDiagnostics`, for clients such as Neovim's
 * that cannot pull), or pulled (`textDocument/diagnostic`), never both, so nothing shows twice.
 */
import type { DocumentChecks } from './checks.js';

export interface DiagnosticsDelivery {
  opened(uri: string): void;
  changed(uri: string): void;
  saved(uri: string): void;
  /** Settings or a configuration file changed: every open document may read differently. */
  configurationChanged(): void;
}

export function pushDelivery(checks: DocumentChecks): DiagnosticsDelivery {
  return {
    opened: (uri) => checks.schedule(uri, 'open'),
    changed: (uri) => checks.schedule(uri, 'change'),
    saved: (uri) => checks.schedule(uri, 'save'),
    configurationChanged: () => checks.scheduleAll(),
  };
}

/** The client pulls after opens and changes; the server asks it to pull again when results move. */
export function pullDelivery(checks: DocumentChecks, refresh: (() => void) | undefined, onError: (error: unknown) => void): DiagnosticsDelivery {
  return {
    opened: () => undefined,
    changed: () => undefined,
    // Checking on save only: the saved version becomes the result the next pulls return.
    saved: (uri) =>
      void checks.check(uri, 'save').then((result) => {
        if (result?.context?.run === 'onSave') refresh?.();
      }, onError),
    configurationChanged: () => refresh?.(),
  };
}

import type { PortwardenApi } from '../preload/contract';

declare global {
  interface Window {
    /** Exposed by preload/preload.ts (built from the contract); the only way out of the page. */
    readonly portwarden: PortwardenApi;
  }
}

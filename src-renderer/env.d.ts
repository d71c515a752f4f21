// Types the renderer relies on: Vite's client (CSS imports) and the `window.desk` bridge from the preload or harness.
/// <reference types="vite/client" />
import type { DeskBridge } from '../src-main/contract/bridge';

declare global {
  interface Window {
    readonly desk: DeskBridge;
  }
}

export {};

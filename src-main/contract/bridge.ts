// The shape of `window.desk`: what the preload (Electron) and the harness bridge (browser) both provide.
import type { ApiResult } from './errors';
import type { MethodInput, MethodName, MethodResult } from './contract';

export interface SaveFileRequest {
  suggestedName: string;
  mimeType: string;
  /** File content, base64-encoded. */
  base64: string;
}

export type SaveFileResult = { saved: true; path?: string } | { saved: false };

export interface DeskBridge {
  call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiResult<MethodResult<K>>>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  openExternal(url: string): Promise<void>;
  /** 'electron' in the desktop app, 'harness' in the browser test harness. */
  readonly host: 'electron' | 'harness';
}

export const IPC_CALL = 'desk:call';
export const IPC_SAVE_FILE = 'desk:save-file';
export const IPC_OPEN_EXTERNAL = 'desk:open-external';

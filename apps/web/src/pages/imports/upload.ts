import { ApiError, api } from '../../api/client.ts';
import type { SessionResponse } from '../../api/types.ts';

export interface ImportFileCounts {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportError {
  file: string;
  line: number;
  column: string | null;
  code: string;
  message: { es: string; en: string };
}

export interface ImportResult {
  ok: boolean;
  dryRun: boolean;
  files: ImportFileCounts[];
  errors: ImportError[];
  errorCount: number;
}

/**
 * Sends the .zip as the raw body with XMLHttpRequest (fetch has no upload progress), with the session's
 * CSRF token. `onProgress(loaded, total)` follows the upload; the server's import work follows it.
 */
export async function uploadZip(
  file: Blob,
  dryRun: boolean,
  onProgress: (loaded: number, total: number) => void,
): Promise<ImportResult> {
  // The shell's client keeps the token private; the session probe returns the same token.
  const session = await api.get<SessionResponse>('/auth/session');
  return new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports?dryRun=${dryRun ? 'true' : 'false'}`);
    xhr.setRequestHeader('content-type', 'application/zip');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onProgress(file.size, file.size);
    xhr.onerror = () => reject(new ApiError('network_error', 'The server could not be reached', 0));
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        payload = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as ImportResult);
        return;
      }
      const err = (payload as { error?: { code?: string; message?: string; details?: unknown[] } } | null)
        ?.error;
      reject(
        new ApiError(
          err?.code ?? 'server_error',
          err?.message ?? `HTTP ${xhr.status}`,
          xhr.status,
          err?.details ?? [],
        ),
      );
    };
    xhr.send(file);
  });
}

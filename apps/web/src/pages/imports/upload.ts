import { ApiError, api } from '../../api/client.ts';
import type { ApiResponse, ApiSchema, ErrorBody, SessionResponse } from '../../api/types.ts';

/** `POST /api/imports` (apps/server/src/import/routes.ts), generated from the server's schema. */
export type ImportResult = ApiResponse<'/api/imports', 'post'>;
export type ImportFileCounts = ImportResult['files'][number];
export type ImportError = ImportResult['errors'][number];

/** What the server is doing with an upload: reading/writing the files, then linking the new persons. */
export type ServerProgress = ApiSchema<'ImportProgress'>;

/** A line of the NDJSON answer (apps/server/src/import/routes.ts): progress, then the result or the error. */
type Line = { progress?: ServerProgress; result?: ImportResult; error?: ErrorBody['error'] };

/** Complete JSON lines of an NDJSON text from `from` on; returns them and where the next line starts. */
export function readLines(text: string, from: number): { lines: Line[]; next: number } {
  const lines: Line[] = [];
  let start = from;
  for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
    const raw = text.slice(start, nl).trim();
    start = nl + 1;
    if (!raw) continue;
    try {
      lines.push(JSON.parse(raw) as Line);
    } catch {
      // not a line of ours (a proxy's page): the final check reports it
    }
  }
  return { lines, next: start };
}

const isNdjson = (xhr: XMLHttpRequest) =>
  (xhr.getResponseHeader('content-type') ?? '').includes('application/x-ndjson');

/**
 * Sends the .zip as the raw body with XMLHttpRequest (fetch has no upload progress), with the session's
 * CSRF token, and asks for the server's progress as JSON lines (`Accept: application/x-ndjson`).
 * `onProgress(loaded, total)` follows the upload; `onServerProgress` the server's work after it.
 */
export async function uploadZip(
  file: Blob,
  dryRun: boolean,
  onProgress: (loaded: number, total: number) => void,
  onServerProgress: (p: ServerProgress) => void = () => {},
): Promise<ImportResult> {
  // The shell's client keeps the token private; the session probe returns the same token.
  const session = await api.get<SessionResponse>('/auth/session');
  return new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let next = 0;
    let final: Line | null = null;
    const take = () => {
      if (!isNdjson(xhr)) return;
      const r = readLines(xhr.responseText, next);
      next = r.next;
      for (const l of r.lines) {
        if (l.progress) onServerProgress(l.progress);
        if (l.result || l.error) final = l;
      }
    };
    xhr.open('POST', `/api/imports?dryRun=${dryRun ? 'true' : 'false'}`);
    xhr.setRequestHeader('content-type', 'application/zip');
    xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
    xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onProgress(file.size, file.size);
    xhr.onprogress = take;
    xhr.onerror = () => reject(new ApiError('network_error', 'The server could not be reached', 0));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300 && isNdjson(xhr)) {
        take();
        const end = final as Line | null;
        if (end?.result) resolve(end.result);
        else
          reject(
            new ApiError(
              end?.error?.code ?? 'server_error',
              end?.error?.message ?? 'The import did not finish; nothing was changed',
              500,
            ),
          );
        return;
      }
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
      // an error body, or a proxy's page: each field is checked below
      const err = (payload as Partial<ErrorBody> | null)?.error;
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

/**
 * POST /api/imports: an agency uploads an exchange folder as a .zip (multipart field `file`, or the
 * raw body as application/zip) and gets the counts per file (inserted / updated / unchanged) or
 * every error. Scoped: every row must belong to the uploader's agency; `?dryRun=true` validates only.
 *
 * With `Accept: application/x-ndjson` the answer is a stream of JSON lines while the server works (the web
 * app's progress bar): `{"progress": {phase, file, rows, bytes, totalBytes}}` (phase validate / load, at most
 * five a second), `{"progress": {phase: "link", done, total}}` while the new persons are linked, and last
 * `{"result": …}` (the JSON answer's body) or `{"error": {code, message}}`.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { directorySource, type Progress } from '@enlace/core';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import { AppError, badInput } from '../errors.ts';
import type { ImportProgress } from '../http/components.ts';
import { type App, type RequestContext, requireUser } from '../http/context.ts';
import { importFolder } from './engine.ts';
import { unzipToDir } from './zip.ts';

const ErrorOut = z.object({
  file: z.string(),
  line: z.number(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.object({ es: z.string(), en: z.string() }),
});
const ImportOut = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  files: z.array(
    z.object({
      file: z.string(),
      rows: z.number(),
      inserted: z.number(),
      updated: z.number(),
      unchanged: z.number(),
    }),
  ),
  errors: z.array(ErrorOut),
  errorCount: z.number(),
});

/** A stream that passes at most `max` bytes and fails with 413 `upload_too_large` past them. */
function capped(max: number) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.byteLength;
      if (n > max) done(tooLarge(max));
      else done(null, chunk);
    },
  });
}
const tooLarge = (max: number) =>
  new AppError('upload_too_large', `the .zip is larger than ${Math.round(max / 2 ** 20)} MiB`, {
    status: 413,
  });

export async function importRoutes(app: App) {
  const cfg = app.enlaceConfig;
  // a .zip is never much larger than what it unpacks to (stored entries plus headers)
  const maxUpload = cfg.importMaxUnpackedBytes + 2 ** 20;
  const zipLimits = { maxBytes: cfg.importMaxUnpackedBytes, maxRatio: cfg.importMaxRatio };
  await app.register(multipart, { limits: { fileSize: maxUpload, files: 1, fields: 4, parts: 8 } });
  for (const type of ['application/zip', 'application/x-zip-compressed', 'application/octet-stream']) {
    app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
  }
  app.post(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Upload an exchange-format folder as a .zip (all or nothing, scoped to your agency)',
        description:
          'Answers the counts per file or every error. With `Accept: application/x-ndjson` it streams JSON ' +
          'lines while it works: `{"progress": {...}}` (phases validate, load, link), then `{"result": {...}}` ' +
          'or `{"error": {"code", "message"}}`.',
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        response: { 200: ImportOut },
      },
      config: { permission: 'imports:write', scope: 'agency' },
      bodyLimit: maxUpload,
    },
    async (req, reply) => {
      const user = requireUser(req.ctx);
      const work = await mkdtemp(join(tmpdir(), 'enlace-upload-'));
      let streaming = false;
      try {
        const zipPath = join(work, 'upload.zip');
        await receive(req, zipPath, maxUpload).catch((err) => {
          // a broken multipart body or a dropped connection is the client's, not a server failure
          throw err instanceof AppError ? err : badInput('the upload was interrupted or is not well formed');
        });
        const dir = join(work, 'folder');
        await mkdir(dir);
        await unzipToDir(zipPath, dir, zipLimits);
        const dryRun = req.query.dryRun === 'true';
        const linkError = (err: unknown) =>
          req.log.error({ errClass: (err as Error)?.constructor?.name }, 'linkage after import failed');
        if (!wantsProgress(req.headers.accept)) {
          const result = await importAndLink(req.ctx, dir, user.agencyId, dryRun, linkError);
          reply.status(200);
          return result;
        }
        const out = new PassThrough();
        const line = (o: unknown) => out.write(`${JSON.stringify(o)}\n`);
        streaming = true;
        void (async () => {
          try {
            const result = await importAndLink(req.ctx, dir, user.agencyId, dryRun, linkError, line);
            line({ result });
          } catch (err) {
            if (err instanceof AppError) line({ error: { code: err.code, message: err.message } });
            else {
              req.log.error({ errClass: (err as Error)?.constructor?.name }, 'import failed');
              line({ error: { code: 'server_error', message: 'The import failed; nothing was changed' } });
            }
          } finally {
            out.end();
            await rm(work, { recursive: true, force: true });
          }
        })();
        return (
          reply
            .status(200)
            .header('content-type', 'application/x-ndjson; charset=utf-8')
            .header('cache-control', 'no-store')
            .header('x-accel-buffering', 'no')
            // A stream is sent as it is (Fastify skips the response schema for streams).
            .send(out as unknown as z.infer<typeof ImportOut>)
        );
      } finally {
        if (!streaming) await rm(work, { recursive: true, force: true });
      }
    },
  );
}

/** Writes the uploaded .zip (multipart field `file`, or the raw body) to `zipPath`, at most `max` bytes. */
async function receive(req: FastifyRequest, zipPath: string, max: number) {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw badInput('send the .zip in the multipart field "file"');
    await pipeline(part.file, createWriteStream(zipPath));
    if (part.file.truncated) throw tooLarge(max);
    return;
  }
  const body = req.body as NodeJS.ReadableStream | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
    throw badInput('send the .zip as multipart/form-data (field "file") or as application/zip');
  await pipeline(body, capped(max), createWriteStream(zipPath));
}

const wantsProgress = (accept: string | undefined) => !!accept?.includes('application/x-ndjson');

/** The import (all or nothing), then the linkage of its new persons; progress lines go to `emit`. */
async function importAndLink(
  ctx: RequestContext,
  dir: string,
  agencyId: string,
  dryRun: boolean,
  onLinkError: (err: unknown) => void,
  emit?: (line: { progress: z.infer<typeof ImportProgress> }) => void,
) {
  let last = 0;
  let lastPhase = '';
  const onProgress = emit
    ? (p: Progress) => {
        const now = Date.now();
        if (now - last < 200 && p.phase === lastPhase) return;
        last = now;
        lastPhase = p.phase;
        emit({ progress: { ...p } });
      }
    : undefined;
  const result = await importFolder(ctx, directorySource(dir), {
    agencies: [agencyId],
    dryRun,
    ...(onProgress ? { onProgress } : {}),
  });
  if (result.ok && !result.dryRun) {
    try {
      await linkPendingPersons(
        ctx,
        emit ? (done, total) => emit({ progress: { phase: 'link', done, total } }) : undefined,
      );
    } catch (err) {
      // The import is committed: its answer must say so. Persons not linked stay pending (no blocking keys)
      // and are linked by the next import or entry.
      onLinkError(err);
    }
  }
  return result;
}

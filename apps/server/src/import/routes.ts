/**
 * POST /api/imports: an agency uploads an exchange folder as a .zip (multipart field `file`, or the
 * raw body as application/zip) and gets the counts per file (inserted / updated / unchanged) or
 * every error. Scoped: every row must belong to the uploader's agency; `?dryRun=true` validates only.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { directorySource } from '@enlace/core';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import { badInput } from '../errors.ts';
import { type App, requireUser } from '../http/context.ts';
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

export async function importRoutes(app: App) {
  await app.register(multipart, { limits: { fileSize: 8 * 2 ** 30, files: 1, fields: 4 } });
  for (const type of ['application/zip', 'application/x-zip-compressed', 'application/octet-stream']) {
    app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
  }
  app.post(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Upload an exchange-format folder as a .zip (all or nothing, scoped to your agency)',
        querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        response: { 200: ImportOut },
      },
      config: { permission: 'imports:write', scope: 'agency' },
      bodyLimit: 8 * 2 ** 30,
    },
    async (req, reply) => {
      const user = requireUser(req.ctx);
      const work = await mkdtemp(join(tmpdir(), 'enlace-upload-'));
      try {
        const zipPath = join(work, 'upload.zip');
        if (req.isMultipart()) {
          const part = await req.file();
          if (!part) throw badInput('send the .zip in the multipart field "file"');
          await pipeline(part.file, createWriteStream(zipPath));
          if (part.file.truncated) throw badInput('the .zip is too large');
        } else {
          const body = req.body as NodeJS.ReadableStream | undefined;
          if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
            throw badInput('send the .zip as multipart/form-data (field "file") or as application/zip');
          await pipeline(body, createWriteStream(zipPath));
        }
        const dir = join(work, 'folder');
        await mkdir(dir);
        await unzipToDir(zipPath, dir);
        const result = await importFolder(req.ctx, directorySource(dir), {
          agencies: [user.agencyId],
          dryRun: req.query.dryRun === 'true',
        });
        if (result.ok && !result.dryRun) await linkPendingPersons(req.ctx);
        reply.status(200);
        return result;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  );
}

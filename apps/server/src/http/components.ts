/**
 * Wire formats that no single route's response schema describes, published as components of the OpenAPI
 * document (`components.schemas.<id>`) so the web app's types are generated from them like every answer
 * (`npm run api:types`; apps/web/src/api/types.ts `ApiSchema<'ErrorBody'>`):
 * - `ErrorBody`: the body of every failed request (`http/app.ts`);
 * - `RecordFieldError`: an item of `details` in a records write's 400 `invalid_record` (`api/records/service.ts`);
 * - `ImportProgress`: the `progress` of a line of `POST /api/imports`'s `application/x-ndjson` answer
 *   (`import/routes.ts`).
 * The code that writes each of them is typed with the same schema (`z.infer`), so the document cannot drift.
 */
import { createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The schemas published as components; a schema joins with `apiComponents.add(schema, { id })`. */
export const apiComponents = z.registry<{ id: string; description?: string }>();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable error code (apps/server/src/errors.ts)'),
    message: z.string(),
    details: z.array(z.unknown()).optional(),
  }),
});
export type ErrorAnswer = z.infer<typeof ErrorBody>;
apiComponents.add(ErrorBody, {
  id: 'ErrorBody',
  description: 'The body of every failed request: a stable code, a message, and details for some codes',
});

/** An item of `details` in a records write's 400 `invalid_record`: the column at fault, in both languages. */
export const RecordFieldError = z.object({
  field: z.string().nullable().describe('The column at fault; null when the error is about the whole row'),
  code: z.string(),
  message: z.object({ es: z.string(), en: z.string() }),
});
apiComponents.add(RecordFieldError, {
  id: 'RecordFieldError',
  description: "An item of `details` in the 400 `invalid_record` of a record's create or update",
});

/** A `progress` line of `POST /api/imports` with `Accept: application/x-ndjson`. */
export const ImportProgress = z.union([
  z.object({
    phase: z.enum(['validate', 'load']),
    file: z.string(),
    rows: z.number(),
    bytes: z.number().describe('Bytes of the run read so far (all files of the pass)'),
    totalBytes: z.number(),
  }),
  z.object({ phase: z.literal('link'), done: z.number(), total: z.number() }),
]);
apiComponents.add(ImportProgress, {
  id: 'ImportProgress',
  description:
    'What `POST /api/imports` is doing, sent as `{"progress": …}` lines with `Accept: application/x-ndjson`: ' +
    'reading (validate) and writing (load) the files, then linking the new persons',
});

const transformComponents = createJsonSchemaTransformObject({ schemaRegistry: apiComponents });

/**
 * @fastify/swagger's `transformObject`: adds the components. fastify-type-provider-zod writes each twice (as
 * input and as output, `<id>Input`); these are only ever answers, so the input copy is left out.
 */
export const transformOpenApiObject: typeof transformComponents = (document) => {
  const out = transformComponents(document);
  const schemas = (out as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (schemas)
    for (const id of Object.keys(schemas))
      if (id.endsWith('Input') && id.slice(0, -'Input'.length) in schemas) delete schemas[id];
  return out;
};

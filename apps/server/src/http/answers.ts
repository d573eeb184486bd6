/**
 * Response schemas for answers that are not a JSON object: no content (204), and files (a download, a
 * webhook's XML reply). Every route declares its success answer (apps/server/test/response-schemas.test.ts):
 * JSON answers with their Zod schema, the others with these.
 *
 *   response: { 204: NoContent('Signed out') }
 *   response: { 200: fileAnswer('The report as a document', { 'text/html': textFile('HTML'), 'application/pdf': binaryFile('PDF') }) }
 *
 * A file answer is sent as it is (a string or a Buffer with its content type): Fastify serialises only JSON, so
 * these schemas document the answer and type it for the web app, they do not filter it.
 */
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Marks the 204 schemas so the OpenAPI document gives them no content (`transformOpenApi`). */
const NO_CONTENT = 'x-enlace-no-content';

/** A 204 answer: nothing in the body. */
export function NoContent(description: string) {
  return z
    .null()
    .describe(description)
    .meta({ [NO_CONTENT]: true });
}

/** A text file (CSV, HTML, XML): the body is its text. */
export function textFile(description: string) {
  return z.string().describe(description);
}

/** A binary file (PDF, image): the body is its bytes. */
export function binaryFile(description: string) {
  return z.string().describe(description).meta({ format: 'binary' });
}

/** A success answer that is a file (or several kinds of file, one per content type). */
export function fileAnswer(description: string, content: Record<string, z.ZodType>) {
  return {
    description,
    content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])),
  };
}

/**
 * fastify-type-provider-zod's `jsonSchemaTransform`, then the 204 answers as "no content": @fastify/swagger leaves
 * out the body of a response whose schema has `type: 'null'` (the OpenAPI 3.0 form of `z.null()` has a body).
 */
export const transformOpenApi: typeof jsonSchemaTransform = (document) => {
  const out = jsonSchemaTransform(document);
  const response = (out.schema as { response?: Record<string, Record<string, unknown>> } | undefined)
    ?.response;
  if (response)
    for (const [status, schema] of Object.entries(response))
      if (schema?.[NO_CONTENT]) response[status] = { type: 'null', description: schema.description };
  return out;
};

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server.ts';

// A built web app in miniature: index.html and one content-hashed script, as Vite writes them.
const dist = mkdtempSync(join(tmpdir(), 'enlace-web-assets-'));
const script = `export const page = ${JSON.stringify('Casos de su institución. '.repeat(200))};\n`;
let srv: TestServer;
beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-AbC123.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), script);
  srv = await startTestServer({ config: { webDist: dist } });
});
afterAll(async () => {
  await srv.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the web app is sent compressed and its hashed assets are cached for good', () => {
  it('a hashed asset: brotli when asked, immutable for a year', async () => {
    const r = await fetch(`${srv.url}/assets/index-AbC123.js`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBe('br');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await r.arrayBuffer());
    // Node's fetch decodes brotli itself; decode by hand if a runtime does not
    const text = body.toString('utf8').startsWith('export')
      ? body.toString('utf8')
      : brotliDecompressSync(body).toString('utf8');
    expect(text).toBe(script);
  });

  it('index.html is not cached for good (a new build must be picked up)', async () => {
    for (const path of ['/', '/cases/123']) {
      const r = await fetch(`${srv.url}${path}`);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('/assets/index-AbC123.js');
      expect(r.headers.get('cache-control') ?? '').not.toContain('immutable');
    }
  });

  it('a missing asset is a 404, not index.html under a script name', async () => {
    const r = await fetch(`${srv.url}/assets/index-Old999.js`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/json');
  });

  it('the JSON API is not compressed by this', async () => {
    const r = await fetch(`${srv.url}/health`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBeNull();
  });
});

/**
 * Import fuzzing: damaged, hostile and oversized uploads (truncation, bad encodings, oversized fields, zip
 * bombs, entry names with NUL / `..` / absolute paths, duplicate entries, broken CSV) are each answered with a
 * 4xx or a refused result, never a 5xx or a hang, and a refused import leaves the database exactly as it was.
 * Seeded (fast-check seed 9), so every run sends the same uploads.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { FILES } from '@enlace/core';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../test/server.ts';
import { TABLES } from './tables.ts';

const AGENCY = 'fge-fuzz';
let srv: TestServer;
let sup: Client;

// ---------------------------------------------------------------------------------------------------------------
// A small valid folder of one agency, and a zip writer that can say anything (duplicates, lies, odd names).

function baseFolder(): Record<string, string> {
  const persons = [
    'person_id,agency_id,given_names,surname_1,surname_2,birth_date,sex,nationality,curp,phone',
  ];
  const idents = ['identification_id,person_id,agency_id,date,state_code,primary_form'];
  for (let i = 0; i < 30; i++) {
    persons.push(
      `${AGENCY}/p${i},${AGENCY},María ${i},Hernández,López,199${i % 10}-0${(i % 9) + 1}-1${i % 10},female,MEX,,55 1234 ${i}`,
    );
    idents.push(`${AGENCY}/i${i},${AGENCY}/p${i},${AGENCY},2022-0${(i % 9) + 1}-15,09,sexual`);
  }
  return {
    'agencies.csv': `agency_id,name,level,kind,state_code\r\n${AGENCY},Fiscalía de prueba,state,prosecutor,09\r\n`,
    'persons.csv': `${persons.join('\r\n')}\r\n`,
    'identifications.csv': `${idents.join('\r\n')}\r\n`,
  };
}

interface Entry {
  name: string | Uint8Array;
  data: Uint8Array;
  method?: 0 | 8;
  /** Compressed bytes as they are (for crafted deflate streams). */
  raw?: Uint8Array;
  /** What the headers claim (default: the truth). */
  claimedSize?: number;
}

function le(n: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return out;
}

/** A .zip with exactly these entries, in this order (duplicates and any name allowed). */
function rawZip(entries: Entry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? strToU8(e.name) : e.name;
    const method = e.method ?? 8;
    const body = e.raw ?? (method === 8 ? deflateRawSync(e.data) : e.data);
    const size = e.claimedSize ?? e.data.byteLength;
    const crc = e.raw ? 0 : crc32(e.data);
    const common = [...le(20, 2), ...le(0x0800, 2), ...le(method, 2), 0, 0, 0, 0, ...le(crc, 4)];
    const sizes = [...le(body.byteLength, 4), ...le(size, 4), ...le(name.byteLength, 2), 0, 0];
    const local = new Uint8Array([...le(0x04034b50, 4), ...common, ...sizes]);
    parts.push(local, name, body);
    central.push(
      new Uint8Array([
        ...le(0x02014b50, 4),
        ...le(20, 2),
        ...common,
        ...sizes,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        ...le(offset, 4),
      ]),
      name,
    );
    offset += local.byteLength + name.byteLength + body.byteLength;
  }
  const cdSize = central.reduce((s, c) => s + c.byteLength, 0);
  const end = new Uint8Array([
    ...le(0x06054b50, 4),
    0,
    0,
    0,
    0,
    ...le(entries.length, 2),
    ...le(entries.length, 2),
    ...le(cdSize, 4),
    ...le(offset, 4),
    0,
    0,
  ]);
  return concat([...parts, ...central, end]);
}

function concat(list: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(list.reduce((s, c) => s + c.byteLength, 0));
  let o = 0;
  for (const c of list) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

/** A raw deflate stream of `mib` MiB of `byte` built from one self-contained 1 MiB block (~1 KiB each). */
function deflateBomb(mib: number, byte = 0x41): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(2 ** 20, byte), { finishFlush: 3 /* Z_FULL_FLUSH */ });
  const out = new Uint8Array(block.byteLength * mib + 2);
  for (let i = 0; i < mib; i++) out.set(block, i * block.byteLength);
  out.set([0x03, 0x00], block.byteLength * mib); // an empty final block
  return out;
}

const enc = (files: Record<string, string | Uint8Array>, folder = 'envio/') =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [`${folder}${k}`, typeof v === 'string' ? strToU8(v) : v]),
    ),
  );

// ---------------------------------------------------------------------------------------------------------------

type Upload = Uint8Array | FormData | string;

async function upload(body: Upload, contentType: string | null) {
  const headers: Record<string, string> = { cookie: sup.cookie, 'x-csrf-token': sup.csrfToken };
  if (contentType) headers['content-type'] = contentType;
  const r = await fetch(`${srv.url}/api/imports`, { method: 'POST', headers, body });
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json };
}

/** Every exchange table: rows and a digest of their keyed row hashes (any insert, update or delete shows). */
async function fingerprint(): Promise<string> {
  const sql = FILES.map(
    (d) =>
      `SELECT '${d.kind}' AS k, count(*)::text || ':' || coalesce(md5(string_agg(row_hash, ',' ORDER BY row_hash)), '') AS v FROM ${TABLES[d.kind].table}`,
  ).join(' UNION ALL ');
  const { rows } = await srv.db.query<{ k: string; v: string }>(sql);
  return rows.map((r) => `${r.k}=${r.v}`).join(' ');
}

/** Mutations of the valid folder's bytes that make it invalid somewhere. */
const BAD_BYTES: Uint8Array[] = [
  new Uint8Array([0xff]),
  new Uint8Array([0xc3, 0x28]),
  new Uint8Array([0xc0, 0x80]), // overlong NUL
  new Uint8Array([0xed, 0xa0, 0x80]), // an encoded surrogate
  new Uint8Array([0xef, 0xbf, 0xbd]), // U+FFFD itself
  new Uint8Array([0xfe, 0xff]), // a UTF-16 BOM
  new Uint8Array([0x00]),
];

type Case = { label: string; body: () => Upload; type: string | null };

function caseArb(): fc.Arbitrary<Case> {
  const files = baseFolder();
  const names = Object.keys(files);
  const zipType = fc.constantFrom(
    'application/zip',
    'application/octet-stream',
    'application/x-zip-compressed',
  );
  return fc.oneof(
    // the whole .zip cut short
    fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), zipType).map(([f, t]) => {
      const z = enc(files);
      return { label: `zip cut at ${f}`, body: () => z.subarray(0, Math.floor(z.byteLength * f)), type: t };
    }),
    // one file cut short (mid-row, mid-quote…)
    fc.tuple(fc.constantFrom(...names), fc.double({ min: 0, max: 0.999, noNaN: true })).map(([n, f]) => {
      const cut = { ...files, [n]: files[n]!.slice(0, Math.floor(files[n]!.length * f)) };
      return { label: `${n} cut at ${f}`, body: () => enc(cut), type: 'application/zip' };
    }),
    // bytes that are not UTF-8 (or a NUL) spliced in
    fc.tuple(fc.constantFrom(...names), fc.nat(), fc.constantFrom(...BAD_BYTES)).map(([n, at, bad]) => {
      const b = strToU8(files[n]!);
      const i = at % b.byteLength;
      const spliced = concat([b.subarray(0, i), bad, b.subarray(i)]);
      return {
        label: `${n} +${bad.join(',')} at ${i}`,
        body: () => enc({ ...files, [n]: spliced }),
        type: 'application/zip',
      };
    }),
    // oversized fields: a name over its maximum, an id over 64, a giant cell (record cap)
    fc
      .tuple(fc.constantFrom('given_names', 'person_id', 'phone'), fc.integer({ min: 201, max: 3 * 2 ** 20 }))
      .map(([col, n]) => {
        const lines = files['persons.csv']!.split('\r\n');
        const header = lines[0]!.split(',');
        const row = lines[1]!.split(',');
        row[header.indexOf(col)] = 'A'.repeat(n);
        lines[1] = row.join(',');
        return {
          label: `${col} of ${n}`,
          body: () => enc({ ...files, 'persons.csv': lines.join('\r\n') }),
          type: 'application/zip',
        };
      }),
    // zip bombs: a highly compressed entry, honest or lying about its size, stored or deflated
    fc
      .tuple(fc.integer({ min: 64, max: 1024 }), fc.boolean(), fc.constantFrom('persons.csv', 'agencies.csv'))
      .map(([mib, lie, name]) => ({
        label: `bomb ${mib} MiB${lie ? ' (claims 100 bytes)' : ''}`,
        body: () =>
          rawZip([
            {
              name: `envio/${name}`,
              data: new Uint8Array(0),
              raw: deflateBomb(mib),
              claimedSize: lie ? 100 : mib * 2 ** 20,
            },
          ]),
        type: 'application/zip',
      })),
    // hostile entry names
    fc
      .constantFrom(
        'envio/persons\u0000.csv',
        'persons.csv\u0000.txt',
        '../persons.csv',
        '/etc/persons.csv',
        'C:\\persons.csv',
        '..\\..\\persons.csv',
        'a/b/persons.csv',
        './persons.csv',
        `${'x'.repeat(300)}.csv`,
        'envio//persons.csv',
        'persons.csv\r\n',
      )
      .map((name) => ({
        label: `entry ${JSON.stringify(name)}`,
        body: () =>
          rawZip([
            { name: 'agencies.csv', data: strToU8(files['agencies.csv']!) },
            { name, data: strToU8(files['persons.csv']!) },
          ]),
        type: 'application/zip',
      })),
    // duplicate entries, in one folder or two
    fc
      .constantFrom(
        ['persons.csv', 'persons.csv'],
        ['envio/persons.csv', 'otro/persons.csv'],
        ['persons.csv', 'envio/persons.csv'],
      )
      .map((pair) => ({
        label: `duplicate ${pair.join(' + ')}`,
        body: () =>
          rawZip([
            { name: 'agencies.csv', data: strToU8(files['agencies.csv']!) },
            { name: pair[0]!, data: strToU8(files['persons.csv']!) },
            { name: pair[1]!, data: strToU8(files['persons.csv']!.replace('María 0', 'Otra')) },
          ]),
        type: 'application/zip',
      })),
    // too many entries (folders count too), an unknown compression method, random bytes, nothing
    fc.constantFrom(
      {
        label: '300 folder entries',
        body: () =>
          rawZip(
            Array.from({ length: 300 }, (_, i) => ({
              name: `d${i}/`,
              data: new Uint8Array(0),
              method: 0 as const,
            })),
          ),
        type: 'application/zip',
      },
      {
        label: '40 files',
        body: () =>
          rawZip(Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.csv`, data: strToU8('a\r\n') }))),
        type: 'application/zip',
      },
      {
        label: 'unknown compression method',
        body: () => {
          const z = rawZip([{ name: 'agencies.csv', data: strToU8(files['agencies.csv']!) }]);
          z[8] = 12; // bzip2
          return z;
        },
        type: 'application/zip',
      },
      {
        label: 'not a zip',
        body: () => strToU8('PK\u0003\u0004 this is not really a zip at all'),
        type: 'application/zip',
      },
      { label: 'empty body', body: () => new Uint8Array(0), type: 'application/zip' },
      { label: 'a .zip sent as text', body: () => enc(files), type: 'text/plain' },
      { label: 'a .zip sent as JSON', body: () => enc(files), type: 'application/json' },
      {
        label: 'multipart without a file',
        body: () => {
          const f = new FormData();
          f.append('other', 'x');
          return f;
        },
        type: null,
      },
      {
        label: 'multipart with a broken body',
        body: () => '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\nPK',
        type: 'multipart/form-data; boundary=xyz',
      },
    ),
    // broken CSV: an open quote, an extra field, a repeated header, a NUL inside a cell
    fc
      .constantFrom(
        (s: string) => s.replace('María 3', '"María 3'),
        (s: string) => s.replace('María 4', 'María 4,extra'),
        (s: string) => s.replace('person_id,agency_id', 'person_id,person_id'),
        (s: string) => s.replace('María 5', 'María\u00005'),
      )
      .map((f) => ({
        label: `csv ${f.toString()}`,
        body: () => enc({ ...files, 'persons.csv': f(files['persons.csv']!) }),
        type: 'application/zip',
      })),
  );
}

beforeAll(async () => {
  srv = await startTestServer({ database: 'pglite' });
  await srv.ensureAgency(AGENCY, 'state', '09', 'prosecutor');
  sup = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: AGENCY }));
  const first = await upload(enc(baseFolder()), 'application/zip');
  expect(first.status).toBe(200);
  expect(first.json.ok).toBe(true);
}, 120_000);
afterAll(async () => srv.close());

describe('import fuzzing', () => {
  it('a zip bomb of 1 GiB (1 MiB compressed) is refused within seconds (under 1 s on a quiet machine; 16 s before)', async () => {
    const bomb = rawZip([
      { name: 'persons.csv', data: new Uint8Array(0), raw: deflateBomb(1024), claimedSize: 2 ** 30 },
    ]);
    expect(bomb.byteLength).toBeLessThan(2 ** 21);
    const before = await fingerprint();
    // CPU time of this process (the server runs in it), not the wall clock, so a busy machine cannot fail it:
    // 16 s before the ratio check, well under 1 s now.
    const t = process.cpuUsage();
    const r = await upload(bomb, 'application/zip');
    const cpu = process.cpuUsage(t);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('zip_ratio');
    expect(await fingerprint()).toBe(before);
  });

  it('hostile uploads: never a 5xx, and a refused import changes nothing (seeded)', async () => {
    let before = await fingerprint();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(caseArb(), async (c) => {
        const r = await upload(c.body(), c.type);
        const outcome =
          r.status === 200
            ? r.json.ok
              ? 'imported'
              : 'refused (errors)'
            : `${r.status} ${r.json?.error?.code}`;
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        expect(r.status, `${c.label}: ${JSON.stringify(r.json).slice(0, 300)}`).toBeLessThan(500);
        const after = await fingerprint();
        if (r.status === 200 && r.json.ok)
          before = after; // a harmless mutation (a cut at a line end) imports
        else expect(after, c.label).toBe(before);
      }),
      { seed: 9, numRuns: 150, endOnFailure: true },
    );
    if (process.env.FUZZ_VERBOSE) console.log(Object.fromEntries(seen));
    // the cases reached every stage: refused before unpacking, while unpacking, and by validation
    expect([...seen.keys()].filter((k) => k.startsWith('4')).length).toBeGreaterThan(4);
    expect(seen.get('refused (errors)')).toBeGreaterThan(10);
  }, 120_000);
});

describe('unzipToDir limits', () => {
  it('refuses more unpacked bytes than the cap (413), even when stored uncompressed', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { unzipToDir } = await import('./zip.ts');
    const dir = await mkdtemp(join(tmpdir(), 'enlace-zip-'));
    try {
      const zipFile = join(dir, 'a.zip');
      await writeFile(
        zipFile,
        rawZip([{ name: 'persons.csv', data: new Uint8Array(3 * 2 ** 20), method: 0 }]),
      );
      await expect(unzipToDir(zipFile, dir, { maxBytes: 2 ** 20 })).rejects.toMatchObject({
        code: 'zip_too_large',
        status: 413,
      });
      await writeFile(
        zipFile,
        rawZip([{ name: 'persons.csv', data: new Uint8Array(2 ** 20 - 1), method: 0 }]),
      );
      expect(await unzipToDir(zipFile, dir, { maxBytes: 2 ** 20 })).toEqual(['persons.csv']);
      // a bomb stops after a few MiB of output, whatever its headers claim
      await writeFile(
        zipFile,
        rawZip([{ name: 'persons.csv', data: new Uint8Array(0), raw: deflateBomb(1024) }]),
      );
      await expect(unzipToDir(zipFile, dir)).rejects.toMatchObject({ code: 'zip_ratio', status: 400 });
      const { stat } = await import('node:fs/promises');
      expect((await stat(join(dir, 'persons.csv'))).size).toBeLessThan(8 * 2 ** 20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enlace.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

let dir = '';
let entityOf = new Map<string, number>();

const MAP = {
  id: 'folio',
  delimiter: ';',
  date_format: 'DD/MM/YYYY',
  columns: {
    given_names: 'nombre',
    surname_1: 'primer_apellido',
    surname_2: 'segundo_apellido',
    birth_date: 'fecha_nac',
    curp: 'curp',
    phone: 'tel',
    locality: ['municipio'],
    region: 'estado',
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enlace-link-'));
  const { records, entity } = syntheticMexican({ entities: 300, seed: 17, duplicateRate: 1 });
  entityOf = new Map(records.map((r, i) => [r.id, entity[i]!]));
  const toDmy = (d: string | undefined) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d ?? '');
    return m ? `${m[3]}/${m[2]}/${m[1]}` : (d ?? '');
  };
  const rows = (rs: typeof records) => [
    [
      'folio',
      'nombre',
      'primer_apellido',
      'segundo_apellido',
      'fecha_nac',
      'curp',
      'tel',
      'municipio',
      'estado',
    ],
    ...rs.map((r) => [
      r.id,
      r.fields.given_names ?? '',
      r.fields.surname_1 ?? '',
      r.fields.surname_2 ?? '',
      toDmy(r.fields.birth_date),
      r.fields.curp ?? '',
      r.fields.phone ?? '',
      r.fields.locality ?? '',
      r.fields.region ?? '',
    ]),
  ];
  const seen = new Set<number>();
  const a: typeof records = [];
  const b: typeof records = [];
  records.forEach((r, i) => {
    const e = entity[i]!;
    if (!seen.has(e)) {
      seen.add(e);
      a.push(r);
    } else b.push(r);
  });
  writeFileSync(join(dir, 'all.csv'), stringify(rows(records), { delimiter: ';' }));
  writeFileSync(join(dir, 'a.csv'), stringify(rows(a), { delimiter: ';' }));
  writeFileSync(
    join(dir, 'b.csv'),
    stringify(rows(b.filter((r, i) => b.findIndex((x) => entityOf.get(x.id) === entityOf.get(r.id)) === i)), {
      delimiter: ';',
    }),
  );
  writeFileSync(join(dir, 'map.json'), JSON.stringify(MAP));
  writeFileSync(join(dir, 'key'), 'a shared secret of enough length\n');
});

const readCsv = (p: string) => parse(readFileSync(p, 'utf8'), { columns: true }) as Record<string, string>[];

describe('enlace link (real CLI)', () => {
  it('deduplicates one file and writes pairs and clusters per the contract', () => {
    const out = join(dir, 'pairs.csv');
    const clusters = join(dir, 'clusters.csv');
    const r = run(
      'link',
      '--left',
      join(dir, 'all.csv'),
      '--map',
      join(dir, 'map.json'),
      '--out',
      out,
      '--clusters',
      clusters,
    );
    expect(r.stderr).not.toMatch(/at .*\.ts/);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('left_id,right_id,match_probability');
    const pairs = readCsv(out);
    expect(pairs.length).toBeGreaterThan(100);
    const keys = new Set(pairs.map((p) => [p.left_id, p.right_id].sort().join('|')));
    expect(keys.size).toBe(pairs.length);
    const correct = pairs.filter((p) => entityOf.get(p.left_id!) === entityOf.get(p.right_id!)).length;
    expect(correct / pairs.length).toBeGreaterThan(0.95);
    for (const p of pairs) expect(Number(p.match_probability)).toBeGreaterThanOrEqual(0.5);
    const cl = readCsv(clusters);
    expect(readFileSync(clusters, 'utf8').split('\n')[0]).toBe('id,cluster_id');
    expect(new Set(cl.map((c) => c.id)).size).toBe(entityOf.size);
    expect(cl.length).toBe(entityOf.size);
  });
  it('links two files and honours --threshold', () => {
    const out = join(dir, 'pairs2.csv');
    const r = run(
      'link',
      '--left',
      join(dir, 'a.csv'),
      '--right',
      join(dir, 'b.csv'),
      '--map',
      join(dir, 'map.json'),
      '--out',
      out,
      '--threshold',
      '0.9',
    );
    expect(r.status).toBe(0);
    const pairs = readCsv(out);
    expect(pairs.length).toBeGreaterThan(100);
    for (const p of pairs) expect(Number(p.match_probability)).toBeGreaterThanOrEqual(0.9);
  });
  it('encodes locally and links encodings only', () => {
    for (const f of ['a', 'b']) {
      const r = run(
        'encode',
        '--in',
        join(dir, `${f}.csv`),
        '--map',
        join(dir, 'map.json'),
        '--secret-file',
        join(dir, 'key'),
        '--out',
        join(dir, `${f}.clk.csv`),
      );
      expect(r.status).toBe(0);
    }
    const enc = readFileSync(join(dir, 'a.clk.csv'), 'utf8');
    expect(enc.split('\n')[0]).toBe('id,clk,fbf');
    expect(enc).not.toMatch(/hern[aá]ndez/i);
    const out = join(dir, 'epairs.csv');
    const r = run(
      'link',
      '--encoded',
      '--left',
      join(dir, 'a.clk.csv'),
      '--right',
      join(dir, 'b.clk.csv'),
      '--out',
      out,
    );
    expect(r.status).toBe(0);
    const pairs = readCsv(out);
    const correct = pairs.filter((p) => entityOf.get(p.left_id!) === entityOf.get(p.right_id!)).length;
    expect(pairs.length).toBeGreaterThan(100);
    expect(correct / pairs.length).toBeGreaterThan(0.9);
    expect(r.stderr).toMatch(/field-level encodings, \d+ candidate pairs of \d+ \(LSH\)/);
  });
  it('deduplicates the encodings of one file (pairs and clusters)', () => {
    const encAll = join(dir, 'all.clk.csv');
    expect(
      run(
        'encode',
        '--in',
        join(dir, 'all.csv'),
        '--map',
        join(dir, 'map.json'),
        '--secret-file',
        join(dir, 'key'),
        '--out',
        encAll,
      ).status,
    ).toBe(0);
    const out = join(dir, 'edup.csv');
    const clusters = join(dir, 'eclusters.csv');
    const r = run('link', '--encoded', '--left', encAll, '--out', out, '--clusters', clusters);
    expect(r.status).toBe(0);
    const pairs = readCsv(out);
    const correct = pairs.filter((p) => entityOf.get(p.left_id!) === entityOf.get(p.right_id!)).length;
    expect(pairs.length).toBeGreaterThan(150);
    expect(correct / pairs.length).toBeGreaterThan(0.95);
    const cl = readCsv(clusters);
    expect(cl).toHaveLength(entityOf.size);
    const clusterOf = new Map(cl.map((c) => [c.id!, c.cluster_id!]));
    for (const p of pairs) expect(clusterOf.get(p.left_id!)).toBe(clusterOf.get(p.right_id!));
  });
  it('still links record-level encodings written before field-level ones (id,clk only)', () => {
    const strip = (f: string) => {
      const rows = parse(readFileSync(join(dir, `${f}.clk.csv`), 'utf8'), { columns: true }) as Record<
        string,
        string
      >[];
      const p = join(dir, `${f}.old.csv`);
      writeFileSync(p, stringify([['id', 'clk'], ...rows.map((x) => [x.id!, x.clk!])]));
      return p;
    };
    const out = join(dir, 'oldpairs.csv');
    const r = run('link', '--encoded', '--left', strip('a'), '--right', strip('b'), '--out', out);
    expect(r.status).toBe(0);
    expect(readCsv(out).length).toBeGreaterThan(100);
    const dedupe = run('link', '--encoded', '--left', join(dir, 'a.old.csv'), '--out', out);
    expect(dedupe.status).toBe(2);
    expect(dedupe.stderr).toMatch(/field-level encodings \(the fbf column\)/);
  });
});

describe('enlace link rejects bad input with a clear message and exit code 2', () => {
  const bad = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const expectBad = (r: ReturnType<typeof run>, message: RegExp) => {
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^enlace: invalid_input: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };
  it('missing column', () => {
    const map = bad('m1.json', JSON.stringify({ ...MAP, columns: { ...MAP.columns, sex: 'sexo' } }));
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map, '--out', join(dir, 'x.csv')),
      /"sexo" not found/,
    );
  });
  it('wrong delimiter', () => {
    const map = bad('m2.json', JSON.stringify({ ...MAP, delimiter: ',' }));
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map, '--out', join(dir, 'x.csv')),
      /delimiter/,
    );
  });
  it('bad date format', () => {
    const map = bad('m3.json', JSON.stringify({ ...MAP, date_format: 'YYYYMMDD' }));
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map, '--out', join(dir, 'x.csv')),
      /date_format YYYYMMDD/,
    );
    const map2 = bad('m4.json', JSON.stringify({ ...MAP, date_format: 'MM-DD-YY' }));
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map2, '--out', join(dir, 'x.csv')),
      /date_format/,
    );
  });
  it('empty file', () => {
    const empty = bad('empty.csv', '');
    expectBad(
      run('link', '--left', empty, '--map', join(dir, 'map.json'), '--out', join(dir, 'x.csv')),
      /empty/,
    );
  });
  it('unknown field type and bad JSON', () => {
    const map = bad('m5.json', JSON.stringify({ ...MAP, columns: { nombre_completo: 'nombre' } }));
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map, '--out', join(dir, 'x.csv')),
      /unknown field type/,
    );
    const map2 = bad('m6.json', '{ not json');
    expectBad(
      run('link', '--left', join(dir, 'all.csv'), '--map', map2, '--out', join(dir, 'x.csv')),
      /not valid JSON/,
    );
  });
  it('a short secret', () => {
    const key = bad('short.key', 'abc');
    expectBad(
      run(
        'encode',
        '--in',
        join(dir, 'a.csv'),
        '--map',
        join(dir, 'map.json'),
        '--secret-file',
        key,
        '--out',
        join(dir, 'x.csv'),
      ),
      /at least 16/,
    );
  });
});

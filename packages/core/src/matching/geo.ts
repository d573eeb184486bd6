/**
 * INEGI municipality centroids (packages/core/data/municipios_centroids.csv, see
 * municipios_SOURCES.md) and great-circle distances between them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Municipio {
  /** 5-digit INEGI key: state (2) + municipality (3), e.g. "07078". */
  cve: string;
  stateCode: string;
  name: string;
  lat: number;
  lon: number;
}

let cache: Map<string, Municipio> | null = null;

/** All 2,457 municipalities keyed by 5-digit INEGI code (loaded once). */
export function municipios(): ReadonlyMap<string, Municipio> {
  if (cache) return cache;
  const text = readFileSync(new URL('../../data/municipios_centroids.csv', import.meta.url), 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  cache = new Map();
  for (const r of rows) {
    const cve = `${r.CVE_ENT}${r.CVE_MUN}`;
    cache.set(cve, { cve, stateCode: r.CVE_ENT!, name: r.NOM_MUN!, lat: Number(r.lat), lon: Number(r.long) });
  }
  return cache;
}

export function municipio(cve: string): Municipio | undefined {
  return municipios().get(cve);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Haversine distance in km between two points in degrees. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance between two municipalities' centroids in km, or null when a code is unknown. */
export function municipioDistanceKm(
  a: string,
  b: string,
  lookup: (cve: string) => { lat: number; lon: number } | undefined = municipio,
): number | null {
  const pa = lookup(a);
  const pb = lookup(b);
  return pa && pb ? haversineKm(pa, pb) : null;
}

/** The instruments shipped with Enlace (data files in packages/core/instruments/). */
import fullInterviewV1 from '../../instruments/full-interview.v1.json' with { type: 'json' };
import shortScreenV1 from '../../instruments/short-screen.v1.json' with { type: 'json' };
import { type Instrument, instrumentRef, parseInstrument } from './instrument.ts';

const all: Instrument[] = [parseInstrument(shortScreenV1), parseInstrument(fullInterviewV1)];
const byRef = new Map(all.map((i) => [instrumentRef(i), i]));

/** Every instrument version, oldest first per id. Screenings keep the version they started with. */
export function listInstruments(): readonly Instrument[] {
  return all;
}

/** An instrument by id and version, or the latest version of an id when no version is given. */
export function getInstrument(id: string, version?: string): Instrument | undefined {
  if (version !== undefined) return byRef.get(`${id}@${version}`);
  const versions = all.filter((i) => i.id === id);
  return versions.sort((a, b) => compareVersions(b.version, a.version))[0];
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

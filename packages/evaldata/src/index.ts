/**
 * @enlace/evaldata: evaluation data for person linkage and the annual figures, written apart from the matcher
 * (its own name lists, nickname lists and corruption process). See docs/evaluation-data.md.
 */
export * from './agencies.ts';
export * from './corrupt.ts';
export * from './csv.ts';
export * from './dedupe.ts';
export * from './families.ts';
export * from './figures.ts';
export * from './national.ts';
export * from './observe.ts';
export * from './person.ts';
export * from './rng.ts';
export * from './score.ts';
export * from './text.ts';

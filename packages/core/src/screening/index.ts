export * from './consent.ts';
export * from './engine.ts';
export * from './instrument.ts';
export * from './instruments.ts';
export * from './restitution.ts';

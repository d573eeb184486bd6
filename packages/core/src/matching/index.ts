export * from './geo.ts';
export * from './match.ts';
export * from './referral.ts';

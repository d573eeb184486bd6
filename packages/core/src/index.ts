export * from './exchange/index.ts';
export * from './roles.ts';
export * as screening from './screening/index.ts';
export * from './spreadsheet-safety.ts';
export * from './taxonomy.ts';

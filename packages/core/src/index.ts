export * from './taxonomy.ts';
export * as screening from './screening/index.ts';
export * from './exchange/index.ts';
export * from './spreadsheet-safety.ts';

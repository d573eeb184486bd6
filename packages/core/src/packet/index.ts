export * from './schema.ts';
export * from './sign.ts';

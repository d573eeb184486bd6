#!/usr/bin/env node
// Entry point of the `enlace` command. Enlace runs its TypeScript sources directly through tsx
// (no build step for the server; see docs/ARCHITECTURE.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

import type { Runtime } from '../../runtime.ts';

/**
 * Loads demo data on first start. The demo command (issue 3) provides `loadDemo(rt)`; until it is present
 * the server starts without demo data.
 */
export async function demoHook(rt: Runtime): Promise<void> {
  try {
    const path = './demo.ts';
    const mod = (await import(path)) as { loadDemo?: (rt: Runtime) => Promise<void> };
    if (mod.loadDemo) await mod.loadDemo(rt);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return;
    throw err;
  }
}

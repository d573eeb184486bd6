/**
 * All routes of the app: the core list plus every `pages/<area>/routes.ts` (found at build time),
 * each exporting `routes: AppRoute[]`. Areas never need to edit the shell to add pages.
 */
import { type AppRoute, coreRoutes, mergeRoutes } from './routes.ts';

const areaModules = import.meta.glob<{ routes: readonly AppRoute[]; publicRoutes?: readonly AppRoute[] }>(
  './pages/*/routes.ts',
  { eager: true },
);

export const appRoutes: readonly AppRoute[] = mergeRoutes(
  coreRoutes,
  Object.keys(areaModules)
    .sort()
    .map((k) => areaModules[k]?.routes ?? []),
);

/** Pages anyone can open without signing in (an area's `publicRoutes`, e.g. the tip form at /denuncia). */
export const publicRoutes: readonly AppRoute[] = Object.keys(areaModules)
  .sort()
  .flatMap((k) => areaModules[k]?.publicRoutes ?? []);

import type { RouteModule } from '../http/context.ts';
import { agencyRoutes } from './agencies/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { userRoutes } from './users/routes.ts';

/** Every API resource registers here (one folder per resource under src/api/). */
export const routeModules: RouteModule[] = [authRoutes, agencyRoutes, userRoutes, auditRoutes];

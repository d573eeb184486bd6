import { randomBytes } from 'node:crypto';
import { upsertAgency } from './api/agencies/repository.ts';
import { countUsers } from './api/users/repository.ts';
import { createUser } from './api/users/service.ts';
import { audit } from './audit/service.ts';
import { configFromEnv, type ServerConfig } from './config.ts';
import { buildApp } from './http/app.ts';
import type { App } from './http/context.ts';
import type { Runtime } from './runtime.ts';

export const SYSTEM_AGENCY = {
  id: 'enlace',
  name: 'Enlace (administración del sistema)',
  level: 'federal',
  kind: 'other',
  stateCode: null,
  country: 'MEX',
} as const;

/** A strong random password that passes the policy. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * On the very first start (no users), creates the system agency and a first administrator and returns its
 * credentials so they can be printed once. Returns undefined when users exist.
 */
export async function bootstrapFirstAdmin(
  rt: Runtime,
): Promise<{ email: string; password: string } | undefined> {
  if ((await countUsers(rt.db)) > 0) return undefined;
  await upsertAgency(rt.db, SYSTEM_AGENCY);
  const password = generatePassword();
  const email = 'admin@enlace.local';
  await createUser(
    { db: rt.db, actor: { userId: null, agencyId: null } },
    // The printed password is temporary: the first sign-in chooses a new one (then enrols MFA).
    {
      email,
      displayName: 'Administrador',
      role: 'admin',
      agencyId: SYSTEM_AGENCY.id,
      password,
      mustChangePassword: true,
    },
  );
  await audit(
    { db: rt.db, actor: { userId: null, agencyId: null } },
    { action: 'bootstrap', resource: 'users', justification: 'first administrator' },
  );
  return { email, password };
}

export async function startServer(
  rt: Runtime,
  opts: { port: number; host?: string; config?: ServerConfig },
): Promise<App> {
  const config = opts.config ?? configFromEnv();
  const app = await buildApp({ db: rt.db, readDb: rt.readDb, config });
  await app.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' });
  return app;
}

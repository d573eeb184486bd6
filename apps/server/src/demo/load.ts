import { demoFolder, stateProsecutorId } from '@enlace/core/demo';
import { memorySource } from '@enlace/core/exchange/source';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import { createUser } from '../api/users/service.ts';
import { importFolder } from '../import/engine.ts';
import type { Runtime } from '../runtime.ts';
import type { Role } from '../security/permissions.ts';
import { generatePassword } from '../server.ts';

/** Demo accounts: one per role, in agencies of the synthetic dataset (all share one generated password). */
export const DEMO_USERS: readonly { email: string; role: Role; agencyId: string; name: string }[] = [
  { email: 'fiscal@fgr.demo', role: 'caseworker', agencyId: 'fgr-fevimtra', name: 'Fiscal federal (demo)' },
  {
    email: 'supervisora@fgr.demo',
    role: 'supervisor',
    agencyId: 'fgr-fevimtra',
    name: 'Supervisora federal (demo)',
  },
  {
    email: 'admin@fgr.demo',
    role: 'agency_admin',
    agencyId: 'fgr-fevimtra',
    name: 'Administración FEVIMTRA (demo)',
  },
  {
    email: 'fiscal@cdmx.demo',
    role: 'caseworker',
    agencyId: stateProsecutorId('09'),
    name: 'Fiscal CDMX (demo)',
  },
  {
    email: 'refugio@alba.demo',
    role: 'service_provider',
    agencyId: 'ong-refugio-alba-cdmx',
    name: 'Refugio Alba (demo)',
  },
  {
    email: 'linea@linea.demo',
    role: 'hotline_operator',
    agencyId: 'linea-nacional-trata',
    name: 'Línea Nacional (demo)',
  },
  { email: 'analista@enlace.demo', role: 'analyst', agencyId: 'enlace', name: 'Analista nacional (demo)' },
  { email: 'auditoria@enlace.demo', role: 'auditor', agencyId: 'enlace', name: 'Auditoría (demo)' },
];

export interface DemoLoadResult {
  rows: number;
  password: string;
  users: typeof DEMO_USERS;
}

/** Loads the synthetic national dataset (an exchange folder, imported like any agency's) and the demo users. */
export async function loadDemo(
  rt: Runtime,
  opts: { scale?: number; onProgress?: (line: string) => void } = {},
): Promise<DemoLoadResult> {
  const ctx = { db: rt.db, actor: { userId: null, agencyId: null } };
  const files = demoFolder({ scale: opts.scale ?? 1 });
  const result = await importFolder(ctx, memorySource(files), {
    onProgress: (p) => opts.onProgress?.(`${p.file}: ${p.rows} rows`),
  });
  if (!result.ok) {
    throw new Error(
      `demo data did not import: ${result.errors
        .slice(0, 3)
        .map((e) => e.message.en)
        .join('; ')}`,
    );
  }
  const rows = result.files.reduce((n, f) => n + f.rows, 0);
  opts.onProgress?.('linking persons across agencies');
  await linkPendingPersons(ctx, (done, total) => opts.onProgress?.(`linking persons: ${done}/${total}`));
  const password = generatePassword();
  for (const u of DEMO_USERS) {
    await createUser(ctx, {
      email: u.email,
      displayName: u.name,
      role: u.role,
      agencyId: u.agencyId,
      password,
    });
  }
  return { rows, password, users: DEMO_USERS };
}

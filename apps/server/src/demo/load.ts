import {
  type DemoProvider,
  demoFolder,
  demoProviders,
  stateDifId,
  stateProsecutorId,
} from '@enlace/core/demo';
import { memorySource } from '@enlace/core/exchange/source';
import { encJson } from '../api/cases/crypto-json.ts';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import { upsertProvider } from '../api/providers/repository.ts';
import { createUser } from '../api/users/service.ts';
import { audit } from '../audit/service.ts';
import { importFolder } from '../import/engine.ts';
import type { Runtime } from '../runtime.ts';
import type { Role } from '../security/permissions.ts';
import { generatePassword } from '../server.ts';
import { loadDemoCases, loadDemoJusticeCase } from './cases.ts';
import { loadDemoHotline } from './hotline.ts';
import { loadDemoNetwork } from './network.ts';

type DemoUser = { email: string; role: Role; agencyId: string; name: string };

/**
 * Demo accounts printed at start-up: one per role, in several agencies, and the staff of a few providers
 * of each kind (all share one generated password). Every other provider of the directory has its own
 * `service_provider` account too (`DemoLoadResult.providerStaff`).
 */
export const DEMO_USERS: readonly DemoUser[] = [
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
    email: 'supervisora@cdmx.demo',
    role: 'supervisor',
    agencyId: stateProsecutorId('09'),
    name: 'Supervisora CDMX (demo)',
  },
  {
    email: 'fiscal@chiapas.demo',
    role: 'caseworker',
    agencyId: stateProsecutorId('07'),
    name: 'Fiscal Chiapas (demo)',
  },
  {
    email: 'procuraduria@dif-cdmx.demo',
    role: 'caseworker',
    agencyId: stateDifId('09'),
    name: 'Procuraduría de Protección DIF CDMX (demo)',
  },
  {
    email: 'linea@linea.demo',
    role: 'hotline_operator',
    agencyId: 'linea-nacional-trata',
    name: 'Línea Nacional (demo)',
  },
  {
    email: 'operador@linea.demo',
    role: 'hotline_operator',
    agencyId: 'linea-nacional-trata',
    name: 'Operador de la Línea (demo)',
  },
  {
    email: 'supervisora@linea.demo',
    role: 'supervisor',
    agencyId: 'linea-nacional-trata',
    name: 'Supervisora de la Línea (demo)',
  },
  { email: 'analista@enlace.demo', role: 'analyst', agencyId: 'enlace', name: 'Analista nacional (demo)' },
  // a second analyst: a public release is approved by an analyst other than the one who prepared it
  {
    email: 'analista2@enlace.demo',
    role: 'analyst',
    agencyId: 'enlace',
    name: 'Segunda analista nacional (demo)',
  },
  { email: 'auditoria@enlace.demo', role: 'auditor', agencyId: 'enlace', name: 'Auditoría (demo)' },
];

/** Provider staff shown at start-up (one of each kind); the directory's other accounts are listed in docs. */
export const FEATURED_PROVIDERS: readonly string[] = [
  'ong-refugio-alba-cdmx', // NGO shelter, CDMX (refugio@alba.demo)
  'ong-xochiquetzal-cdmx', // NGO shelter, CDMX, speaks Nahuatl
  'dif-cdmx-cas-tonalli', // DIF shelter for children
  'ong-clinica-tlazolteotl-cdmx', // medical
  'ong-defensoria-ixchel-cdmx', // legal, nationwide
  'ong-tlahtolli-interpretes', // Nahuatl interpreters
  'ong-batsi-kop-interpretes', // Tzotzil / Tzeltal interpreters
  'ong-paso-firme-chih', // shelter for men (forced labour)
  'ong-caminantes-suchiate-chis', // migrants, Tapachula
  'us-borderlands-legal-ca', // US partner
];

function staffUser(p: DemoProvider): DemoUser {
  return { email: p.staff.email, role: 'service_provider', agencyId: p.agencyId, name: p.staff.name };
}

export interface DemoLoadResult {
  rows: number;
  password: string;
  /** The accounts to print: one per role and the staff of the featured providers. */
  users: readonly DemoUser[];
  /** Every provider's staff account (one per directory entry). */
  providerStaff: readonly DemoUser[];
  /** Directory entries created. */
  providers: number;
  /** Case-work cases of the demo caseworkers (several stages). */
  cases: number;
}

/** Loads the synthetic national dataset (an exchange folder, imported like any agency's) and the demo users. */
export async function loadDemo(
  rt: Runtime,
  opts: { scale?: number; seed?: number; onProgress?: (line: string) => void } = {},
): Promise<DemoLoadResult> {
  const ctx = { db: rt.db, actor: { userId: null, agencyId: null } };
  const seed = opts.seed ?? 2024;
  const files = demoFolder({ scale: opts.scale ?? 1, seed });
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
  opts.onProgress?.('provider directory');
  const providers = demoProviders({ seed });
  await loadProviders(ctx, providers);
  const providerStaff = providers.map(staffUser);
  const featured = FEATURED_PROVIDERS.map((id) => providerStaff.find((u) => u.agencyId === id)!);
  opts.onProgress?.('demo accounts');
  const password = generatePassword();
  const users = [...DEMO_USERS, ...featured];
  // A few at a time: the password hashing (argon2id) runs on worker threads, so first start stays quick.
  const all = [...DEMO_USERS, ...providerStaff];
  const created = new Map<string, Awaited<ReturnType<typeof createUser>>>();
  for (let i = 0; i < all.length; i += 8) {
    const batch = await Promise.all(
      all.slice(i, i + 8).map((u) =>
        createUser(ctx, {
          email: u.email,
          displayName: u.name,
          role: u.role,
          agencyId: u.agencyId,
          password,
        }),
      ),
    );
    for (const u of batch) created.set(u.email, u);
  }
  opts.onProgress?.('demo cases');
  const cases = await loadDemoCases(rt.db, created);
  opts.onProgress?.('hotline contacts');
  await loadDemoHotline(rt.db, created);
  opts.onProgress?.('networks');
  await loadDemoNetwork(rt.db);
  const justiceCases = await loadDemoJusticeCase(rt.db, created);
  return { rows, password, users, providerStaff, providers: providers.length, cases: cases + justiceCases };
}

/** The demo's directory entries, written as each provider's staff would with `PUT /api/providers/mine`. */
async function loadProviders(
  ctx: { db: Runtime['db']; actor: { userId: null; agencyId: null } },
  providers: readonly DemoProvider[],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const p of providers) {
      const {
        agencyId,
        name,
        capacity,
        referralContact,
        address,
        kind: _kind,
        staff: _staff,
        ...profile
      } = p;
      const row = await upsertProvider(tx, {
        agencyId,
        name,
        profile,
        total: capacity?.total ?? null,
        free: capacity?.free ?? null,
        contact: referralContact,
        addressEnc: encJson('cw_providers', 'address_enc', address),
      });
      await audit(
        ctx,
        { action: 'create', resource: 'providers', resourceId: row.id, fields: ['address', 'profile'] },
        tx,
      );
    }
  });
}

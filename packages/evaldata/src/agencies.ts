/**
 * The agencies of the national folder (about sixty): the federal prosecutor (FGR), the 32 state prosecutors,
 * immigration (INM), the national and eight state DIFs, the federal and five state victims' commissions,
 * twelve NGO shelters (fictional names), the national hotline, the labor inspectorate, the consular service,
 * the financial intelligence unit and an international organization. Each is mapped to a recording profile.
 */
import { INEGI_STATES } from '@enlace/core/codes';

export type Level = 'federal' | 'state' | 'municipal' | 'ngo' | 'international' | 'foreign';
export type Kind =
  | 'prosecutor'
  | 'immigration'
  | 'labor_inspection'
  | 'child_protection'
  | 'consular'
  | 'police'
  | 'hotline'
  | 'service_provider'
  | 'financial_intelligence'
  | 'other';

export interface Agency {
  agency_id: string;
  name: string;
  level: Level;
  kind: Kind;
  state_code: string;
  country: string;
  /** Key of the recording profile in PROFILES. */
  profile: string;
}

const isoSuffix = (code: string) =>
  INEGI_STATES.find((s) => s.code === code)!
    .iso.slice(3)
    .toLowerCase();
const stateName = (code: string) => INEGI_STATES.find((s) => s.code === code)!.name;

function prosecutorName(code: string): string {
  if (code === '09') return 'Fiscalía General de Justicia de la Ciudad de México';
  if (code === '15') return 'Fiscalía General de Justicia del Estado de México';
  return `Fiscalía General del Estado de ${stateName(code)}`;
}

export const STATE_DIFS = ['09', '15', '07', '02', '29', '21', '12', '30'];
export const STATE_VICTIM_COMMISSIONS = ['09', '15', '14', '19', '21'];

export const SHELTER_NAMES = [
  'Casa Aurora Nueva',
  'Refugio Caminos de Esperanza',
  'Albergue Manos Abiertas',
  'Fundación Alas Libres',
  'Casa Tonalli',
  'Refugio Santa Fe de la Luz',
  'Red Mariposas Libres',
  'Casa Xochiquetzal del Norte',
  'Albergue Frontera Digna',
  'Centro Ixchel para Mujeres',
  'Casa Hogar Nuevo Amanecer',
  'Colectivo Sendero Seguro',
];

export function nationalAgencies(): Agency[] {
  const out: Agency[] = [];
  const add = (a: Omit<Agency, 'country'> & { country?: string }) => out.push({ country: 'MEX', ...a });
  add({
    agency_id: 'fgr',
    name: 'Fiscalía General de la República',
    level: 'federal',
    kind: 'prosecutor',
    state_code: '',
    profile: 'prosecutor',
  });
  for (const s of INEGI_STATES) {
    add({
      agency_id: `fge-${isoSuffix(s.code)}`,
      name: prosecutorName(s.code),
      level: 'state',
      kind: 'prosecutor',
      state_code: s.code,
      profile: 'prosecutor',
    });
  }
  add({
    agency_id: 'inm',
    name: 'Instituto Nacional de Migración',
    level: 'federal',
    kind: 'immigration',
    state_code: '',
    profile: 'immigration',
  });
  add({
    agency_id: 'dif-nacional',
    name: 'Sistema Nacional DIF',
    level: 'federal',
    kind: 'child_protection',
    state_code: '',
    profile: 'child_protection',
  });
  for (const c of STATE_DIFS) {
    add({
      agency_id: `dif-${isoSuffix(c)}`,
      name: `Sistema DIF ${stateName(c)}`,
      level: 'state',
      kind: 'child_protection',
      state_code: c,
      profile: 'child_protection',
    });
  }
  add({
    agency_id: 'ceav',
    name: 'Comisión Ejecutiva de Atención a Víctimas',
    level: 'federal',
    kind: 'service_provider',
    state_code: '',
    profile: 'victims_commission',
  });
  for (const c of STATE_VICTIM_COMMISSIONS) {
    add({
      agency_id: `ceeav-${isoSuffix(c)}`,
      name: `Comisión de Atención a Víctimas de ${stateName(c)}`,
      level: 'state',
      kind: 'service_provider',
      state_code: c,
      profile: 'victims_commission',
    });
  }
  SHELTER_NAMES.forEach((name, i) => {
    add({
      agency_id: `osc-refugio-${String(i + 1).padStart(2, '0')}`,
      name,
      level: 'ngo',
      kind: 'service_provider',
      state_code: '',
      profile: 'shelter',
    });
  });
  add({
    agency_id: 'linea-nacional',
    name: 'Línea Nacional contra la Trata de Personas (operada por una OSC)',
    level: 'ngo',
    kind: 'hotline',
    state_code: '',
    profile: 'hotline',
  });
  add({
    agency_id: 'stps',
    name: 'Secretaría del Trabajo y Previsión Social (inspección)',
    level: 'federal',
    kind: 'labor_inspection',
    state_code: '',
    profile: 'labor_inspection',
  });
  add({
    agency_id: 'sre',
    name: 'Secretaría de Relaciones Exteriores (red consular)',
    level: 'federal',
    kind: 'consular',
    state_code: '',
    profile: 'consular',
  });
  add({
    agency_id: 'uif',
    name: 'Unidad de Inteligencia Financiera',
    level: 'federal',
    kind: 'financial_intelligence',
    state_code: '',
    profile: 'prosecutor',
  });
  add({
    agency_id: 'oim-mex',
    name: 'Organización internacional para las migraciones (oficina en México)',
    level: 'international',
    kind: 'other',
    state_code: '',
    profile: 'international',
  });
  return out;
}

export function stateProsecutorId(stateCode: string): string {
  return `fge-${isoSuffix(stateCode)}`;
}

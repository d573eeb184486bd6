/** The agencies of the demo dataset: federal bodies, the 32 state prosecutors and DIF systems, NGOs, shelters, the hotline. */
import { INEGI_STATES } from '../codes.ts';
import type { Agency } from '../exchange/records.ts';

const slug = (iso: string) => iso.slice(3).toLowerCase();

export const FEDERAL_PROSECUTORS = ['fgr-fevimtra', 'fgr-ueitmpo'];
export const HOTLINE_ID = 'linea-nacional-trata';
export const UIF_ID = 'shcp-uif';
export const INM_ID = 'inm';
export const STPS_ID = 'stps';
export const SRE_ID = 'sre-consulados';
export const CEAV_ID = 'ceav';
export const SNDIF_ID = 'sndif';
export const GN_ID = 'guardia-nacional';
export const INTL_ID = 'oim-mx';

export const stateProsecutorId = (code: string) =>
  `fge-${slug(INEGI_STATES.find((s) => s.code === code)!.iso)}`;
export const stateDifId = (code: string) => `dif-${slug(INEGI_STATES.find((s) => s.code === code)!.iso)}`;

/** Shelters and NGOs (invented names), with the state they work in. */
export const NGOS: readonly { id: string; name: string; state: string; shelter: boolean }[] = [
  { id: 'ong-refugio-alba-cdmx', name: 'Refugio Alba Nueva, A.C.', state: '09', shelter: true },
  { id: 'ong-casa-ceiba-chis', name: 'Casa Ceiba para Mujeres y Niñas, A.C.', state: '07', shelter: true },
  { id: 'ong-camino-libre-bc', name: 'Camino Libre Frontera, A.C.', state: '02', shelter: true },
  { id: 'ong-manos-tejiendo-oax', name: 'Manos que Tejen Esperanza, A.C.', state: '20', shelter: false },
  { id: 'ong-refugio-tlali-tlax', name: 'Refugio Tlalli, I.A.P.', state: '29', shelter: true },
  {
    id: 'ong-jornaleros-sin',
    name: 'Red de Apoyo a Jornaleros del Noroeste, A.C.',
    state: '25',
    shelter: false,
  },
  { id: 'ong-albergue-nl', name: 'Albergue Puerta Abierta Monterrey, A.B.P.', state: '19', shelter: true },
  { id: 'ong-mujeres-qroo', name: 'Colectiva Mujeres del Caribe, A.C.', state: '23', shelter: false },
  { id: 'ong-infancia-jal', name: 'Infancia Protegida Occidente, A.C.', state: '14', shelter: true },
  { id: 'ong-migrantes-ver', name: 'Casa del Migrante Golfo, A.C.', state: '30', shelter: true },
];

export function demoAgencies(): Agency[] {
  const out: Agency[] = [
    {
      agency_id: 'fgr-fevimtra',
      name: 'FGR – Fiscalía Especial para los Delitos de Violencia contra las Mujeres y Trata de Personas',
      level: 'federal',
      kind: 'prosecutor',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: 'fgr-ueitmpo',
      name: 'FGR – Unidad Especializada en Investigación de Tráfico de Menores, Personas y Órganos',
      level: 'federal',
      kind: 'prosecutor',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: INM_ID,
      name: 'Instituto Nacional de Migración',
      level: 'federal',
      kind: 'immigration',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: STPS_ID,
      name: 'Secretaría del Trabajo y Previsión Social – Inspección Federal del Trabajo',
      level: 'federal',
      kind: 'labor_inspection',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: SRE_ID,
      name: 'Secretaría de Relaciones Exteriores – Red Consular',
      level: 'federal',
      kind: 'consular',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: GN_ID,
      name: 'Guardia Nacional',
      level: 'federal',
      kind: 'police',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: UIF_ID,
      name: 'SHCP – Unidad de Inteligencia Financiera',
      level: 'federal',
      kind: 'financial_intelligence',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: SNDIF_ID,
      name: 'Sistema Nacional para el Desarrollo Integral de la Familia',
      level: 'federal',
      kind: 'child_protection',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: CEAV_ID,
      name: 'Comisión Ejecutiva de Atención a Víctimas',
      level: 'federal',
      kind: 'service_provider',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: HOTLINE_ID,
      name: 'Línea Nacional contra la Trata de Personas (operada por una OSC)',
      level: 'ngo',
      kind: 'hotline',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: INTL_ID,
      name: 'Organización internacional para las migraciones – oficina en México',
      level: 'international',
      kind: 'service_provider',
      state_code: null,
      country: 'MEX',
    },
    {
      agency_id: 'us-hsi-mx',
      name: 'U.S. Homeland Security Investigations – Mexico City attaché',
      level: 'foreign',
      kind: 'police',
      state_code: null,
      country: 'USA',
    },
  ];
  for (const s of INEGI_STATES) {
    const cdmx = s.code === '09';
    out.push({
      agency_id: stateProsecutorId(s.code),
      name: `${cdmx ? 'Fiscalía General de Justicia' : 'Fiscalía General del Estado'} de ${s.name} – Fiscalía Especializada en Trata de Personas`,
      level: 'state',
      kind: 'prosecutor',
      state_code: s.code,
      country: 'MEX',
    });
    out.push({
      agency_id: stateDifId(s.code),
      name: `Sistema DIF ${s.name} – Procuraduría de Protección de Niñas, Niños y Adolescentes`,
      level: 'state',
      kind: 'child_protection',
      state_code: s.code,
      country: 'MEX',
    });
  }
  out.push(
    {
      agency_id: 'dif-mun-tijuana',
      name: 'DIF Municipal de Tijuana',
      level: 'municipal',
      kind: 'child_protection',
      state_code: '02',
      country: 'MEX',
    },
    {
      agency_id: 'dif-mun-tapachula',
      name: 'DIF Municipal de Tapachula',
      level: 'municipal',
      kind: 'child_protection',
      state_code: '07',
      country: 'MEX',
    },
    {
      agency_id: 'dif-mun-cancun',
      name: 'DIF Municipal de Benito Juárez (Cancún)',
      level: 'municipal',
      kind: 'child_protection',
      state_code: '23',
      country: 'MEX',
    },
    {
      agency_id: 'ssc-cdmx',
      name: 'Secretaría de Seguridad Ciudadana de la Ciudad de México',
      level: 'state',
      kind: 'police',
      state_code: '09',
      country: 'MEX',
    },
  );
  for (const n of NGOS) {
    out.push({
      agency_id: n.id,
      name: n.name,
      level: 'ngo',
      kind: 'service_provider',
      state_code: null,
      country: 'MEX',
    });
  }
  return out;
}

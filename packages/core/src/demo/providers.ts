/**
 * The demo's provider directory: shelters (NGO and DIF), medical, legal and psychological care,
 * Indigenous-language interpreters, labour and migrant services and a few US partners, across the
 * country. Every organisation is invented (names chosen not to be those of real organisations; the
 * public institutions CEAV and the IOM office are the dataset's own agencies); municipalities are real
 * INEGI codes; addresses, telephone numbers and capacities are synthetic and depend on the seed only.
 */
import type { Agency } from '../exchange/records.ts';
import type { Form, ServiceKind, Sex } from '../taxonomy.ts';
import { CEAV_ID, INTL_ID } from './agencies.ts';
import { Rng } from './random.ts';

export type DemoProviderKind =
  | 'shelter_ngo'
  | 'shelter_dif'
  | 'medical'
  | 'legal'
  | 'psychological'
  | 'interpreters'
  | 'labour'
  | 'migrants'
  | 'us_partner';

type MigrationStatus = 'mexican_national' | 'regular' | 'irregular' | 'asylum_seeker' | 'refugee';

/** One directory entry, in the shape of `PUT /api/providers/mine` (plus its agency and staff account). */
export interface DemoProvider {
  agencyId: string;
  kind: DemoProviderKind;
  name: string;
  services: ServiceKind[];
  eligibility: {
    sexes: Sex[];
    minAge: number | null;
    maxAge: number | null;
    forms: Form[];
    nationalities: string[];
    migrationStatuses: MigrationStatus[];
  };
  /** ISO 639-3. */
  languages: string[];
  coverage: { nationwide: boolean; states: string[]; municipalities: string[] };
  /** INEGI 5-digit municipality; null for partners in the United States. */
  municipality: string | null;
  remote: boolean;
  capacity: { total: number; free: number } | null;
  acceptingReferrals: boolean;
  referralContact: string;
  /** Confidential (synthetic) address: never listed, never exported. */
  address: string;
  /** The provider's `service_provider` account. */
  staff: { email: string; name: string };
}

interface Spec {
  id: string;
  kind: DemoProviderKind;
  name: string;
  /** Agency level and state (new agencies only; existing agencies of the dataset have `existing`). */
  level: 'ngo' | 'state' | 'foreign';
  existing?: boolean;
  /** INEGI municipality and its name, or a US city. */
  mun: string | null;
  place: string;
  services: ServiceKind[];
  sexes?: Sex[];
  minAge?: number;
  maxAge?: number;
  forms?: Form[];
  statuses?: MigrationStatus[];
  nationalities?: string[];
  languages: string[];
  states?: string[];
  nationwide?: boolean;
  remote?: boolean;
  /** Residential places (a range the seed picks from). */
  places?: [number, number];
  /** Shown as full (no free place) so the demo shows that exclusion. */
  full?: boolean;
  notAccepting?: boolean;
  /** Domain part of the demo e-mails. */
  mail: string;
  /** Staff e-mail when it is not `canalizacion@<mail>`. */
  staffEmail?: string;
}

/** Nationalities of the people a migrant service assists (ISO 3166-1 alpha-3). */
const MIGRANTS = ['GTM', 'HND', 'SLV', 'NIC', 'VEN', 'CUB', 'HTI', 'COL', 'ECU'];
const ADULT_WOMEN = { sexes: ['female'] as Sex[], minAge: 18 };
const CHILDREN = { minAge: 0, maxAge: 17 };

/** The directory (order = listing order of the staff accounts). */
const SPECS: readonly Spec[] = [
  // ---- shelters run by NGOs ---------------------------------------------------------------------
  {
    id: 'ong-refugio-alba-cdmx',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Refugio Alba Nueva, A.C.',
    mun: '09015',
    place: 'Cuauhtémoc, Ciudad de México',
    services: ['shelter', 'psychological', 'legal', 'medical'],
    ...ADULT_WOMEN,
    languages: ['spa'],
    states: ['09', '15'],
    places: [18, 30],
    mail: 'alba.demo',
    staffEmail: 'refugio@alba.demo',
  },
  {
    id: 'ong-xochiquetzal-cdmx',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Casa Refugio Xochiquetzal, A.C.',
    mun: '09007',
    place: 'Iztapalapa, Ciudad de México',
    services: ['shelter', 'psychological', 'legal', 'education', 'employment'],
    ...ADULT_WOMEN,
    forms: ['sexual', 'forced_labor', 'servitude', 'forced_marriage'],
    languages: ['spa', 'nah'],
    states: ['09', '15', '17'],
    places: [20, 36],
    mail: 'xochiquetzal.demo',
  },
  {
    id: 'ong-arcoiris-cdmx',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Casa Arcoíris Diversa, A.C.',
    mun: '09003',
    place: 'Coyoacán, Ciudad de México',
    services: ['shelter', 'psychological', 'legal', 'medical'],
    minAge: 18,
    languages: ['spa', 'eng'],
    nationwide: true,
    places: [8, 14],
    mail: 'arcoiris-diversa.demo',
  },
  {
    id: 'ong-tonantzin-mex',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Refugio Nuevo Amanecer Tonantzin, A.C.',
    mun: '15106',
    place: 'Toluca, Estado de México',
    services: ['shelter', 'psychological', 'education'],
    sexes: ['female'],
    minAge: 13,
    languages: ['spa', 'maz', 'ote'],
    states: ['15', '09', '16'],
    places: [16, 28],
    mail: 'tonantzin.demo',
  },
  {
    id: 'ong-casa-ceiba-chis',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Casa Ceiba para Mujeres y Niñas, A.C.',
    mun: '07078',
    place: 'San Cristóbal de las Casas, Chiapas',
    services: ['shelter', 'psychological', 'legal', 'interpretation'],
    sexes: ['female'],
    minAge: 12,
    languages: ['spa', 'tzo', 'tzh'],
    states: ['07', '27'],
    places: [12, 24],
    mail: 'casaceiba.demo',
  },
  {
    id: 'ong-camino-libre-bc',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Camino Libre Frontera, A.C.',
    mun: '02004',
    place: 'Tijuana, Baja California',
    services: ['shelter', 'legal', 'repatriation', 'psychological'],
    minAge: 18,
    languages: ['spa', 'eng'],
    states: ['02', '26'],
    places: [20, 40],
    mail: 'caminolibre.demo',
  },
  {
    id: 'ong-refugio-tlali-tlax',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Refugio Tlalli, I.A.P.',
    mun: '29033',
    place: 'Tlaxcala, Tlaxcala',
    services: ['shelter', 'psychological', 'legal'],
    sexes: ['female'],
    minAge: 15,
    forms: ['sexual'],
    languages: ['spa', 'nah'],
    states: ['29', '21'],
    places: [10, 16],
    full: true,
    mail: 'tlalli.demo',
  },
  {
    id: 'ong-casa-colibri-pue',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Casa Colibrí de la Sierra, A.C.',
    mun: '21114',
    place: 'Puebla, Puebla',
    services: ['shelter', 'psychological', 'legal', 'employment'],
    ...ADULT_WOMEN,
    languages: ['spa', 'nah', 'top'],
    states: ['21', '29', '30'],
    places: [14, 22],
    mail: 'casacolibri.demo',
  },
  {
    id: 'ong-albergue-nl',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Albergue Puerta Abierta Monterrey, A.B.P.',
    mun: '19039',
    place: 'Monterrey, Nuevo León',
    services: ['shelter', 'psychological', 'employment'],
    minAge: 18,
    languages: ['spa'],
    states: ['19', '05', '28'],
    places: [24, 40],
    mail: 'puertaabierta.demo',
  },
  {
    id: 'ong-infancia-jal',
    existing: true,
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Infancia Protegida Occidente, A.C.',
    mun: '14039',
    place: 'Guadalajara, Jalisco',
    services: ['shelter', 'psychological', 'education', 'medical'],
    minAge: 6,
    maxAge: 17,
    languages: ['spa'],
    states: ['14', '18', '06'],
    places: [15, 25],
    mail: 'infanciaoccidente.demo',
  },
  {
    id: 'ong-itzel-gro',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Refugio Itzel de la Montaña, A.C.',
    mun: '12029',
    place: 'Chilpancingo de los Bravo, Guerrero',
    services: ['shelter', 'psychological', 'legal', 'interpretation'],
    sexes: ['female'],
    minAge: 12,
    languages: ['spa', 'nah', 'mim'],
    states: ['12'],
    places: [10, 18],
    mail: 'itzelmontana.demo',
  },
  {
    id: 'ong-casa-jade-yuc',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Casa Jade Peninsular, A.C.',
    mun: '31050',
    place: 'Mérida, Yucatán',
    services: ['shelter', 'psychological', 'legal'],
    ...ADULT_WOMEN,
    languages: ['spa', 'yua'],
    states: ['31', '23', '04'],
    places: [12, 20],
    mail: 'casajade.demo',
  },
  {
    id: 'ong-paso-firme-chih',
    level: 'ngo',
    kind: 'shelter_ngo',
    name: 'Hogar Paso Firme para Hombres, A.C.',
    mun: '08037',
    place: 'Juárez, Chihuahua',
    services: ['shelter', 'employment', 'psychological', 'legal'],
    sexes: ['male'],
    minAge: 18,
    forms: ['forced_labor', 'forced_criminality', 'forced_begging'],
    languages: ['spa', 'tar'],
    states: ['08', '05', '10'],
    places: [12, 20],
    mail: 'pasofirme.demo',
  },
  // ---- shelters of DIF systems ------------------------------------------------------------------
  {
    id: 'dif-cdmx-cas-tonalli',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Centro de Asistencia Social Tonalli – Sistema DIF Ciudad de México',
    mun: '09005',
    place: 'Gustavo A. Madero, Ciudad de México',
    services: ['shelter', 'psychological', 'legal', 'education', 'medical'],
    ...CHILDREN,
    languages: ['spa', 'nah'],
    states: ['09'],
    places: [30, 50],
    mail: 'cas-tonalli.demo',
  },
  {
    id: 'dif-mex-cas-ahuehuete',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Centro de Asistencia Social Ahuehuete – DIF Estado de México',
    mun: '15033',
    place: 'Ecatepec de Morelos, Estado de México',
    services: ['shelter', 'psychological', 'education', 'medical'],
    ...CHILDREN,
    languages: ['spa'],
    states: ['15'],
    places: [30, 60],
    mail: 'cas-ahuehuete.demo',
  },
  {
    id: 'dif-chis-albergue-jaguar',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Albergue Temporal Jaguar para Niñez Migrante – DIF Chiapas',
    mun: '07089',
    place: 'Tapachula, Chiapas',
    services: ['shelter', 'psychological', 'medical', 'repatriation', 'legal'],
    ...CHILDREN,
    languages: ['spa', 'mam', 'tzo'],
    states: ['07'],
    places: [25, 45],
    mail: 'albergue-jaguar.demo',
  },
  {
    id: 'dif-bc-albergue-brisa',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Albergue Temporal Brisa del Pacífico – DIF Baja California',
    mun: '02002',
    place: 'Mexicali, Baja California',
    services: ['shelter', 'psychological', 'repatriation', 'education'],
    ...CHILDREN,
    languages: ['spa', 'eng'],
    states: ['02'],
    places: [20, 35],
    mail: 'albergue-brisa.demo',
  },
  {
    id: 'dif-ver-cas-tuxtlas',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Centro de Asistencia Social Los Tuxtlas – DIF Veracruz',
    mun: '30087',
    place: 'Xalapa, Veracruz',
    services: ['shelter', 'psychological', 'education'],
    ...CHILDREN,
    languages: ['spa', 'nah'],
    states: ['30'],
    places: [20, 30],
    mail: 'cas-tuxtlas.demo',
  },
  {
    id: 'dif-nl-cas-cumbres',
    level: 'state',
    kind: 'shelter_dif',
    name: 'Centro de Asistencia Social Cumbres – DIF Nuevo León',
    mun: '19039',
    place: 'Monterrey, Nuevo León',
    services: ['shelter', 'psychological', 'education', 'medical'],
    ...CHILDREN,
    languages: ['spa'],
    states: ['19'],
    places: [25, 40],
    mail: 'cas-cumbres.demo',
  },
  // ---- medical ----------------------------------------------------------------------------------
  {
    id: 'ong-clinica-tlazolteotl-cdmx',
    level: 'ngo',
    kind: 'medical',
    name: 'Clínica Comunitaria Tlazoltéotl, A.C.',
    mun: '09015',
    place: 'Cuauhtémoc, Ciudad de México',
    services: ['medical', 'psychological'],
    languages: ['spa', 'eng'],
    states: ['09', '15'],
    mail: 'clinica-tlazolteotl.demo',
  },
  {
    id: 'ong-brigada-rio-bravo-tamps',
    level: 'ngo',
    kind: 'medical',
    name: 'Brigada Médica Río Bravo, A.C.',
    mun: '28032',
    place: 'Reynosa, Tamaulipas',
    services: ['medical'],
    languages: ['spa', 'eng'],
    states: ['28', '19'],
    mail: 'brigada-riobravo.demo',
  },
  {
    id: 'ong-medicos-selva-chis',
    level: 'ngo',
    kind: 'medical',
    name: 'Médicos de la Selva Lacandona, A.C.',
    mun: '07065',
    place: 'Palenque, Chiapas',
    services: ['medical', 'psychological'],
    languages: ['spa', 'ctu', 'tzh'],
    states: ['07', '27'],
    mail: 'medicos-selva.demo',
  },
  // ---- legal ------------------------------------------------------------------------------------
  {
    id: 'ong-defensoria-ixchel-cdmx',
    level: 'ngo',
    kind: 'legal',
    name: 'Defensoría Colectiva Ixchel, A.C.',
    mun: '09014',
    place: 'Benito Juárez, Ciudad de México',
    services: ['legal', 'financial'],
    languages: ['spa', 'eng'],
    nationwide: true,
    remote: true,
    mail: 'defensoria-ixchel.demo',
  },
  {
    id: 'ong-abogadas-bajio-gto',
    level: 'ngo',
    kind: 'legal',
    name: 'Abogadas del Bajío por la Dignidad, A.C.',
    mun: '11020',
    place: 'León, Guanajuato',
    services: ['legal'],
    sexes: ['female'],
    languages: ['spa'],
    states: ['11', '22', '01', '24'],
    mail: 'abogadas-bajio.demo',
  },
  {
    id: 'ong-bufete-guelatao-oax',
    level: 'ngo',
    kind: 'legal',
    name: 'Bufete Comunitario Guelatao, A.C.',
    mun: '20067',
    place: 'Oaxaca de Juárez, Oaxaca',
    services: ['legal', 'interpretation'],
    languages: ['spa', 'zap', 'mix'],
    states: ['20'],
    mail: 'bufete-guelatao.demo',
  },
  {
    id: CEAV_ID,
    existing: true,
    level: 'ngo',
    kind: 'legal',
    name: 'Comisión Ejecutiva de Atención a Víctimas – Asesoría Jurídica Federal',
    mun: '09015',
    place: 'Cuauhtémoc, Ciudad de México',
    services: ['legal', 'psychological', 'financial', 'medical'],
    languages: ['spa'],
    nationwide: true,
    remote: true,
    mail: 'ceav.demo',
    staffEmail: 'asesoria@ceav.demo',
  },
  // ---- psychological ----------------------------------------------------------------------------
  {
    id: 'ong-janitzio-mich',
    level: 'ngo',
    kind: 'psychological',
    name: 'Centro de Acompañamiento Psicosocial Janitzio, A.C.',
    mun: '16053',
    place: 'Morelia, Michoacán',
    services: ['psychological'],
    languages: ['spa', 'tsz'],
    states: ['16', '11', '14'],
    remote: true,
    mail: 'janitzio.demo',
  },
  {
    id: 'ong-red-ollin-mor',
    level: 'ngo',
    kind: 'psychological',
    name: 'Red Psicosocial Ollin, A.C.',
    mun: '17007',
    place: 'Cuernavaca, Morelos',
    services: ['psychological'],
    languages: ['spa', 'eng', 'nah'],
    nationwide: true,
    remote: true,
    mail: 'red-ollin.demo',
  },
  {
    id: 'ong-sanando-raices-qro',
    level: 'ngo',
    kind: 'psychological',
    name: 'Espacio Sanando Raíces, A.C.',
    mun: '22014',
    place: 'Querétaro, Querétaro',
    services: ['psychological', 'education'],
    languages: ['spa', 'ote'],
    states: ['22', '13', '11'],
    mail: 'sanando-raices.demo',
  },
  {
    id: 'ong-manos-tejiendo-oax',
    existing: true,
    level: 'ngo',
    kind: 'psychological',
    name: 'Manos que Tejen Esperanza, A.C.',
    mun: '20067',
    place: 'Oaxaca de Juárez, Oaxaca',
    services: ['psychological', 'employment', 'education'],
    sexes: ['female'],
    minAge: 15,
    languages: ['spa', 'zap', 'mxt'],
    states: ['20'],
    mail: 'manostejen.demo',
  },
  {
    id: 'ong-mujeres-qroo',
    existing: true,
    level: 'ngo',
    kind: 'psychological',
    name: 'Colectiva Mujeres del Caribe, A.C.',
    mun: '23005',
    place: 'Benito Juárez, Quintana Roo',
    services: ['psychological', 'legal', 'employment'],
    sexes: ['female'],
    minAge: 15,
    languages: ['spa', 'yua', 'eng'],
    states: ['23', '31', '04'],
    remote: true,
    mail: 'mujerescaribe.demo',
  },
  // ---- Indigenous-language interpreters (by phone or video, nationwide) ---------------------------
  {
    id: 'ong-tlahtolli-interpretes',
    level: 'ngo',
    kind: 'interpreters',
    name: 'Colectivo de Intérpretes Tlahtolli, A.C.',
    mun: '21043',
    place: 'Cuetzalan del Progreso, Puebla',
    services: ['interpretation'],
    languages: ['nah', 'nhe', 'azz', 'ncj', 'spa'],
    nationwide: true,
    remote: true,
    mail: 'tlahtolli.demo',
  },
  {
    id: 'ong-batsi-kop-interpretes',
    level: 'ngo',
    kind: 'interpreters',
    name: "Intérpretes Bats'i K'op de Los Altos, A.C.",
    mun: '07078',
    place: 'San Cristóbal de las Casas, Chiapas',
    services: ['interpretation'],
    languages: ['tzo', 'tzh', 'ctu', 'toj', 'spa'],
    nationwide: true,
    remote: true,
    mail: 'batsikop.demo',
  },
  {
    id: 'ong-binniza-nuu-savi-interpretes',
    level: 'ngo',
    kind: 'interpreters',
    name: 'Red de Intérpretes Binnizá y Ñuu Savi, A.C.',
    mun: '20043',
    place: 'Heroica Ciudad de Juchitán de Zaragoza, Oaxaca',
    services: ['interpretation', 'legal'],
    languages: ['zap', 'zai', 'mix', 'mxt', 'trs', 'spa'],
    nationwide: true,
    remote: true,
    mail: 'binniza-nuusavi.demo',
  },
  {
    id: 'ong-maaya-taan-interpretes',
    level: 'ngo',
    kind: 'interpreters',
    name: "Colectivo Maaya T'aan Intérpretes, A.C.",
    mun: '31102',
    place: 'Valladolid, Yucatán',
    services: ['interpretation'],
    languages: ['yua', 'spa'],
    nationwide: true,
    remote: true,
    mail: 'maayataan.demo',
  },
  // ---- labour -----------------------------------------------------------------------------------
  {
    id: 'ong-jornaleros-sin',
    existing: true,
    level: 'ngo',
    kind: 'labour',
    name: 'Red de Apoyo a Jornaleros del Noroeste, A.C.',
    mun: '25006',
    place: 'Culiacán, Sinaloa',
    services: ['legal', 'employment', 'interpretation', 'repatriation'],
    forms: ['forced_labor', 'servitude'],
    languages: ['spa', 'mxt', 'tar', 'nah'],
    states: ['25', '26', '03'],
    mail: 'jornaleros-noroeste.demo',
  },
  {
    id: 'ong-defensa-jornalera-bc',
    level: 'ngo',
    kind: 'labour',
    name: 'Defensa Jornalera del Valle, A.C.',
    mun: '02001',
    place: 'Ensenada, Baja California',
    services: ['legal', 'employment', 'interpretation'],
    forms: ['forced_labor'],
    languages: ['spa', 'mxt', 'mix', 'trs', 'zap'],
    states: ['02', '03'],
    mail: 'defensa-jornalera.demo',
  },
  {
    id: 'ong-manos-dignas-hogar',
    level: 'ngo',
    kind: 'labour',
    name: 'Colectiva Manos Dignas del Trabajo del Hogar, A.C.',
    mun: '09015',
    place: 'Cuauhtémoc, Ciudad de México',
    services: ['legal', 'employment', 'psychological'],
    sexes: ['female'],
    minAge: 15,
    forms: ['forced_labor', 'servitude'],
    languages: ['spa', 'nah', 'mix', 'maz'],
    states: ['09', '15'],
    remote: true,
    mail: 'manos-dignas.demo',
  },
  // ---- migrant services -------------------------------------------------------------------------
  {
    id: 'ong-migrantes-ver',
    existing: true,
    level: 'ngo',
    kind: 'migrants',
    name: 'Casa del Migrante Golfo, A.C.',
    mun: '30039',
    place: 'Coatzacoalcos, Veracruz',
    services: ['shelter', 'medical', 'legal', 'repatriation'],
    statuses: ['irregular', 'asylum_seeker', 'refugee', 'regular'],
    languages: ['spa'],
    states: ['30', '27'],
    places: [30, 60],
    mail: 'migrante-golfo.demo',
  },
  {
    id: 'ong-caminantes-suchiate-chis',
    level: 'ngo',
    kind: 'migrants',
    name: 'Albergue Caminantes del Suchiate, A.C.',
    mun: '07089',
    place: 'Tapachula, Chiapas',
    services: ['shelter', 'legal', 'medical', 'repatriation'],
    minAge: 18,
    statuses: ['irregular', 'asylum_seeker', 'refugee', 'regular'],
    nationalities: MIGRANTS,
    languages: ['spa', 'mam', 'eng'],
    states: ['07'],
    places: [40, 80],
    mail: 'caminantes-suchiate.demo',
  },
  {
    id: 'ong-ceiba-roja-tab',
    level: 'ngo',
    kind: 'migrants',
    name: 'Refugio Ceiba Roja del Usumacinta, A.C.',
    mun: '27017',
    place: 'Tenosique, Tabasco',
    services: ['shelter', 'legal', 'psychological'],
    languages: ['spa'],
    states: ['27', '07', '04'],
    places: [20, 40],
    mail: 'ceibaroja.demo',
  },
  {
    id: 'ong-alto-camino-son',
    level: 'ngo',
    kind: 'migrants',
    name: 'Posada Alto en el Camino, A.C.',
    mun: '26043',
    place: 'Nogales, Sonora',
    services: ['shelter', 'legal', 'repatriation'],
    minAge: 18,
    languages: ['spa', 'eng'],
    states: ['26', '02'],
    places: [20, 36],
    notAccepting: true,
    mail: 'altoenelcamino.demo',
  },
  {
    id: 'ong-puente-bravo-coah',
    level: 'ngo',
    kind: 'migrants',
    name: 'Casa Puente Bravo, A.C.',
    mun: '05025',
    place: 'Piedras Negras, Coahuila',
    services: ['shelter', 'legal', 'medical'],
    minAge: 18,
    languages: ['spa'],
    states: ['05', '28'],
    places: [16, 30],
    mail: 'puente-bravo.demo',
  },
  {
    id: INTL_ID,
    existing: true,
    level: 'ngo',
    kind: 'migrants',
    name: 'Organización internacional para las migraciones – Protección y Retorno Asistido',
    mun: '09015',
    place: 'Cuauhtémoc, Ciudad de México',
    services: ['repatriation', 'legal', 'financial'],
    statuses: ['irregular', 'asylum_seeker', 'refugee', 'regular'],
    nationalities: MIGRANTS,
    languages: ['spa', 'eng'],
    nationwide: true,
    remote: true,
    mail: 'oim.demo',
    staffEmail: 'retorno@oim.demo',
  },
  // ---- partners in the United States ------------------------------------------------------------
  {
    id: 'us-borderlands-legal-ca',
    level: 'foreign',
    kind: 'us_partner',
    name: 'Borderlands Survivors Legal Project (San Diego, CA)',
    mun: null,
    place: 'San Diego, California, USA',
    services: ['legal', 'repatriation', 'interpretation'],
    nationalities: ['MEX', 'GTM', 'HND', 'SLV'],
    languages: ['eng', 'spa'],
    nationwide: true,
    remote: true,
    mail: 'borderlands-legal.demo',
  },
  {
    id: 'us-lone-star-home-tx',
    level: 'foreign',
    kind: 'us_partner',
    name: "Lone Star Survivors' Home (El Paso, TX)",
    mun: null,
    place: 'El Paso, Texas, USA',
    services: ['shelter', 'psychological', 'medical'],
    minAge: 18,
    languages: ['eng', 'spa'],
    states: ['08', '05', '28'],
    places: [10, 18],
    mail: 'lonestar-home.demo',
  },
  {
    id: 'us-sonoran-coalition-az',
    level: 'foreign',
    kind: 'us_partner',
    name: 'Sonoran Desert Anti-Trafficking Coalition (Tucson, AZ)',
    mun: null,
    place: 'Tucson, Arizona, USA',
    services: ['psychological', 'legal'],
    languages: ['eng', 'spa'],
    states: ['26', '02', '08'],
    remote: true,
    mail: 'sonoran-coalition.demo',
  },
];

const STREETS = [
  'Calle de los Fresnos',
  'Andador Tulipanes',
  'Calle Ahuehuetes',
  'Privada Jacarandas',
  'Calle Colorines',
  'Cerrada de los Sauces',
  'Calle Huizache',
  'Callejón del Pirul',
  'Calle Copal',
  'Privada Cedros',
];
const COLONIAS = [
  'Barrio Alto',
  'Ampliación Las Palmas',
  'Lomas del Río',
  'Fraccionamiento Arboledas',
  'El Mirador',
];
/** Long-distance (LADA) codes by state, for synthetic intake numbers. */
const LADA: Record<string, string> = {
  '09': '55',
  '15': '722',
  '07': '967',
  '02': '664',
  '29': '246',
  '21': '222',
  '19': '81',
  '14': '33',
  '12': '747',
  '31': '999',
  '08': '656',
  '30': '228',
  '28': '899',
  '11': '477',
  '20': '951',
  '16': '443',
  '17': '777',
  '22': '442',
  '25': '667',
  '27': '934',
  '26': '631',
  '05': '878',
  '23': '998',
};

/** The demo's provider agencies that are not already agencies of the dataset. */
export function demoProviderAgencies(): Agency[] {
  return SPECS.filter((s) => !s.existing).map((s) => ({
    agency_id: s.id,
    name: s.name,
    level: s.level,
    kind: 'service_provider',
    state_code: s.level === 'state' ? s.mun!.slice(0, 2) : null,
    country: s.level === 'foreign' ? 'USA' : 'MEX',
  }));
}

/**
 * The provider directory of the demo. Names, places, services, eligibility and languages are fixed;
 * capacities, free places, intake numbers and the confidential addresses come from the seed.
 */
export function demoProviders(opts: { seed?: number } = {}): DemoProvider[] {
  const rng = new Rng((opts.seed ?? 2024) ^ 0x5eed);
  return SPECS.map((s) => {
    const total = s.places ? rng.int(s.places[0], s.places[1]) : null;
    const free =
      total === null ? null : s.full ? 0 : rng.int(Math.max(1, Math.floor(total / 6)), Math.floor(total / 2));
    const state = s.mun?.slice(0, 2);
    const phone = state
      ? `${LADA[state] ?? '55'} 0${rng.int(10, 99)} ${rng.int(1000, 9999)}`
      : `+1 (555) 01${rng.int(10, 99)}`;
    const street = rng.pick(STREETS);
    const address = state
      ? `${street} ${rng.int(2, 380)}, Col. ${rng.pick(COLONIAS)}, ${s.place} (dirección ficticia de demostración)`
      : `${rng.int(100, 9800)} ${rng.pick(['Mesquite', 'Cottonwood', 'Juniper', 'Palo Verde'])} St., ${s.place} (fictitious demo address)`;
    return {
      agencyId: s.id,
      kind: s.kind,
      name: s.name,
      services: s.services,
      eligibility: {
        sexes: s.sexes ?? [],
        minAge: s.minAge ?? null,
        maxAge: s.maxAge ?? null,
        forms: s.forms ?? [],
        nationalities: s.nationalities ?? [],
        migrationStatuses: s.statuses ?? [],
      },
      languages: s.languages,
      coverage: { nationwide: s.nationwide ?? false, states: s.states ?? [], municipalities: [] },
      municipality: s.mun,
      remote: s.remote ?? false,
      capacity: total === null ? null : { total, free: free! },
      acceptingReferrals: !s.notAccepting,
      referralContact: `Canalización: tel. ${phone} · canalizacion@${s.mail}`,
      address,
      staff: { email: s.staffEmail ?? `canalizacion@${s.mail}`, name: `Canalización – ${s.name}` },
    };
  });
}

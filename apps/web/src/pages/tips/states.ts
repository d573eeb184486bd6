/**
 * The 32 federal entities of Mexico by INEGI code (cve_ent), for state pickers.
 * Source: INEGI (cve_ent, nom_ent; INEGI free-use terms, credit INEGI), via
 * ../shared/data/geo/mx_estados_inegi_iso3166.csv (provenance in ../shared/data/geo/SOURCES.md).
 * Proper names: the same in every language.
 */
export const MX_STATES: readonly { code: string; name: string }[] = [
  { code: '01', name: 'Aguascalientes' },
  { code: '02', name: 'Baja California' },
  { code: '03', name: 'Baja California Sur' },
  { code: '04', name: 'Campeche' },
  { code: '05', name: 'Coahuila' },
  { code: '06', name: 'Colima' },
  { code: '07', name: 'Chiapas' },
  { code: '08', name: 'Chihuahua' },
  { code: '09', name: 'Ciudad de México' },
  { code: '10', name: 'Durango' },
  { code: '11', name: 'Guanajuato' },
  { code: '12', name: 'Guerrero' },
  { code: '13', name: 'Hidalgo' },
  { code: '14', name: 'Jalisco' },
  { code: '15', name: 'Estado de México' },
  { code: '16', name: 'Michoacán' },
  { code: '17', name: 'Morelos' },
  { code: '18', name: 'Nayarit' },
  { code: '19', name: 'Nuevo León' },
  { code: '20', name: 'Oaxaca' },
  { code: '21', name: 'Puebla' },
  { code: '22', name: 'Querétaro' },
  { code: '23', name: 'Quintana Roo' },
  { code: '24', name: 'San Luis Potosí' },
  { code: '25', name: 'Sinaloa' },
  { code: '26', name: 'Sonora' },
  { code: '27', name: 'Tabasco' },
  { code: '28', name: 'Tamaulipas' },
  { code: '29', name: 'Tlaxcala' },
  { code: '30', name: 'Veracruz' },
  { code: '31', name: 'Yucatán' },
  { code: '32', name: 'Zacatecas' },
];

export function stateName(code: string | null | undefined): string {
  if (!code) return '';
  return MX_STATES.find((s) => s.code === code)?.name ?? code;
}

/**
 * Surnames, written for this package from the author's own knowledge (not copied from any list, nor from the
 * matcher's code). Each list is in rough order of frequency; a surname's weight is Zipf-like by rank,
 * `weight = 1000 / (rank + 6)` (rank 1 = most common), which gives the most common Mexican surname (Hernández)
 * about 3.5 % of all surname draws and the top ten about 20 %, roughly as in Mexico's population registers.
 * Compound surnames keep their particles ("de la Cruz"); Indigenous-origin surnames (Maya of Yucatán,
 * Campeche and Quintana Roo; Nahua of Puebla, Tlaxcala and Veracruz; Purépecha) are in the list with their own
 * regional weights (see `REGIONAL`).
 */

export function parseList(block: string): string[] {
  return block
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function zipfWeights(n: number, offset = 6): number[] {
  return Array.from({ length: n }, (_, i) => 1000 / (i + 1 + offset));
}

/** Mexican surnames, most common first. */
export const MEX_SURNAMES = parseList(`
Hernández, García, Martínez, López, González, Pérez, Rodríguez, Sánchez, Ramírez, Cruz, Flores, Gómez, Morales,
Vázquez, Jiménez, Reyes, Díaz, Torres, Gutiérrez, Ruiz, Mendoza, Aguilar, Ortiz, Moreno, Castillo, Romero,
Álvarez, Méndez, Chávez, Rivera, Juárez, Ramos, Domínguez, Herrera, Medina, Castro, Vargas, Guzmán, Velázquez,
Muñoz, Rojas, Contreras, Salazar, Luna, Ortega, Santiago, Guerrero, Estrada, Bautista, Cortés, Soto, Alvarado,
Espinoza, Lara, Ávila, Ríos, Cervantes, Silva, Delgado, Vega, Márquez, Sandoval, Carrillo, León, Mejía, Solís,
Ibarra, Rosas, Valdez, Núñez, Campos, Santos, Camacho, Navarro, Peña, Maldonado, Rosales, Acosta, Miranda,
Trejo, Valencia, Nava, Pacheco, Robles, Molina, Rangel, Huerta, Fuentes, Cabrera, Aguirre, Padilla, Espinosa,
Salinas, Ayala, Montes, Cisneros, Marín, Gallegos, Sosa, Orozco, Zamora, Velasco, Arellano, Mora, Osorio,
Cárdenas, Téllez, Zúñiga, Galindo, Bravo, Villa, Arias, Escobar, Ochoa, Barrera, Beltrán, Franco, Lozano,
Figueroa, Cano, Villegas, Tapia, Macías, Vera, Serrano, Benítez, Villanueva, Rocha, Quintero, Hidalgo, Carmona,
Calderón, Andrade, Pineda, Mercado, Cordero, Trujillo, de la Cruz, Olvera, Galván, Meza, Salas, Zavala, Corona,
Gallardo, Ponce, Bernal, Lugo, Esquivel, Barrios, Ventura, Montoya, Palacios, Valenzuela, Suárez, Córdova,
Montiel, Escamilla, Avendaño, Blanco, Ocampo, Pérez, Arreola, Zarate, Quiroz, Rubio, Duarte, Sierra, Arroyo,
Carranza, Castañeda, Pichardo, Tovar, Toledo, Valle, Sepúlveda, Osuna, Caballero, Gil, Bello, Jaimes, Solano,
Rendón, Cuevas, Saucedo, Enríquez, Lucas, Ángeles, Mata, Mendieta, Pastrana, Villalobos, Magaña, de León,
Becerra, Ledesma, Alonso, Arteaga, Leyva, Granados, Rivas, Alcántara, Espinosa, Nieto, Bonilla, Estrella,
Gaona, Zepeda, Uribe, Alarcón, Coronado, Guevara, Hurtado, Parra, Paredes, Tejeda, Fierro, Briones, Zapata,
Loera, Gamboa, Quintana, De Jesús, Cortez, Pantoja, Reséndiz, Aranda, Leal, Bermúdez, Robledo, Amador, Cardona,
Varela, Chávez, Villarreal, Garza, Treviño, Cantú, Elizondo, Tamez, Salgado, Del Ángel, Nolasco, Ordóñez,
Baltazar, Carbajal, Carvajal, Tinoco, Rosado, Meléndez, Lira, Godínez, Rentería, Almanza, Barajas, Orta,
Ocaña, Dávila, Castellanos, Cuéllar, Abarca, Benavides, Lemus, Vidal, Cabello, Medrano, Padrón, Tenorio,
Gaytán, Aguayo, Aparicio, Solorio, Villaseñor, Sotelo, Jasso, Moctezuma, Monroy, Pliego, Rayo, Sámano,
de la Rosa, de los Santos, de la Torre, del Río, de la Garza, de la O, del Valle, de la Fuente, Montes de Oca,
Ponce de León, de Anda, de Alba, de la Peña, del Castillo, San Juan, San Martín, Santa Cruz, de los Reyes,
de la Paz, Espinosa de los Monteros, Ruiz Esparza, Martínez de Escobar, Matus, Charis, Regalado, Vicente,
Mayo, Cuautle, Tlapale, Xicohténcatl, Cuapio, Tecpa, Coyotl, Tzompa, Cuecuecha, Zempoalteca, Tlachi, Temoltzin,
Ocotl, Coatl, Xochipa, Tepepa, Cuahutle, Tzintzun, Huitrón, Canul, Pech, Chan, Ek, Uc, Xool, Cauich, Balam,
Tun, Dzul, Dzib, Ku, Puc, Moo, May, Caamal, Couoh, Chi, Poot, Yam, Cen, Noh, Cocom, Itzá, Kantún, Euan, Chalé,
Cituk, Tzec, Hau, Pat, Kú, Chablé, Yah, Cab, Tuz, Baeza, Acevedo, Acuña, Adame, Albarrán, Alcalá, Alemán, Almaraz,
Amaya, Anaya, Angulo, Aragón, Arana, Araujo, Arce, Arenas, Argüelles, Armenta, Arriaga, Ayón, Báez, Balderas,
Barragán, Barrón, Bastida, Batista, Bocanegra, Bojórquez, Borja, Bustamante, Bustos, Cadena, Calvillo, Camarillo,
Candelario, Cárcamo, Carrasco, Casas, Casillas, Ceballos, Cedillo, Celis, Cerda, Chacón, Cifuentes, Colín,
Cornejo, Cota, Covarrubias, Cuellar, Cuenca, Dorantes, Durán, Echeverría, Escalante, Escalona, Esparza, Fajardo,
Farías, Félix, Ferrer, Frías, Galicia, Gálvez, Gámez, Garduño, Gastélum, Gaxiola, Girón, Gracia, Guardado,
Guillén, Heredia, Hinojosa, Hinojosa, Huerta, Inzunza, Jacobo, Jaramillo, Juan, Ladrón de Guevara, Landa,
Lázaro, Limón, Linares, Loza, Lucero, Madrigal, Manríquez, Manzano, Mares, Marroquín, Mayorga, Melgar, Mireles,
Montaño, Montero, Morán, Moya, Murillo, Nájera, Negrete, Noriega, Novoa, Olivares, Olmos, Oropeza, Ortega,
Osornio, Pacheco, Palma, Patiño, Pedraza, Peralta, Pimentel, Pizano, Plascencia, Prado, Preciado, Quezada,
Quiñones, Rascón, Razo, Requena, Rincón, Rivero, Roldán, Romo, Ruelas, Saavedra, Salcedo, Samaniego, Santana,
Santillán, Segura, Serna, Sixtos, Tamayo, Terán, Toscano, Urbina, Urías, Valadez, Vallejo, Vaca, Varela,
Vela, Verdugo, Villalba, Villar, Yáñez, Ybarra, Zaragoza, Zarco, Zermeño
`).filter((s, i, a) => a.indexOf(s) === i);

/**
 * Regional weight multipliers for some surnames (INEGI state code → surname → factor): Maya surnames are
 * common in the Yucatán peninsula and rare elsewhere; Nahua surnames in Puebla and Tlaxcala; northern ones in
 * Nuevo León, Coahuila and Tamaulipas; Isthmus ones in Oaxaca.
 */
export const MAYA = parseList(`
Canul, Pech, Chan, Ek, Uc, Xool, Cauich, Balam, Tun, Dzul, Dzib, Ku, Puc, Moo, May, Caamal, Couoh, Chi, Poot,
Yam, Cen, Noh, Cocom, Itzá, Kantún, Euan, Chalé, Cituk, Tzec, Hau, Pat, Kú, Chablé, Yah, Cab, Tuz, Baeza
`);
export const NAHUA = parseList(`
Cuautle, Tlapale, Xicohténcatl, Cuapio, Tecpa, Coyotl, Tzompa, Cuecuecha, Zempoalteca, Tlachi, Temoltzin, Ocotl,
Coatl, Xochipa, Tepepa, Cuahutle
`);
export const PUREPECHA = parseList('Tzintzun, Huitrón');
export const NORTHERN = parseList(
  'Garza, Treviño, Cantú, Elizondo, Tamez, Villarreal, de la Garza, Gaxiola, Inzunza, Gastélum',
);
export const ISTHMUS = parseList('Matus, Charis, Regalado, Toledo, Vicente, Orozco');

export const REGIONAL: Readonly<
  Record<string, { names: readonly string[]; factor: number; elsewhere: number }[]>
> = {
  '31': [{ names: MAYA, factor: 60, elsewhere: 1 }],
  '23': [{ names: MAYA, factor: 25, elsewhere: 1 }],
  '04': [{ names: MAYA, factor: 30, elsewhere: 1 }],
  '21': [{ names: NAHUA, factor: 25, elsewhere: 1 }],
  '29': [{ names: NAHUA, factor: 40, elsewhere: 1 }],
  '30': [{ names: NAHUA, factor: 8, elsewhere: 1 }],
  '16': [{ names: PUREPECHA, factor: 30, elsewhere: 1 }],
  '19': [{ names: NORTHERN, factor: 12, elsewhere: 1 }],
  '05': [{ names: NORTHERN, factor: 8, elsewhere: 1 }],
  '28': [{ names: NORTHERN, factor: 6, elsewhere: 1 }],
  '25': [{ names: NORTHERN, factor: 6, elsewhere: 1 }],
  '20': [{ names: ISTHMUS, factor: 10, elsewhere: 1 }],
};
/** Outside their regions these surnames are rarer than their rank says (factor applied everywhere else). */
export const OUT_OF_REGION_FACTOR: ReadonlyMap<string, number> = new Map([
  ...MAYA.map((s) => [s, 0.08] as const),
  ...NAHUA.map((s) => [s, 0.1] as const),
  ...PUREPECHA.map((s) => [s, 0.1] as const),
]);

/** Central American surnames (GTM, HND, SLV, NIC), incl. Q'eqchi' and K'iche' Maya surnames of Guatemala. */
export const CAM_SURNAMES = parseList(`
Hernández, López, García, Pérez, Martínez, Rodríguez, Ramírez, Mejía, Zelaya, Banegas, Amaya, Paz, Funes,
Maradiaga, Turcios, Bonilla, Rivas, Alvarenga, Portillo, Argueta, Guardado, Orellana, Quintanilla, Henríquez,
Aguilar, Chávez, Castillo, Xol, Caal, Choc, Coc, Pop, Tzul, Ixcoy, Cux, Tum, Sic, Yat, Quej, Chub, Cac, Maquín,
Tiul, Ajú, Velásquez, Orozco, Barrios, Fuentes, Juárez, Morales, Reyes, Flores, Cruz, Sosa, Lagos, Osorio,
Mendoza, Gutiérrez, Matute, Escobar, Ventura
`);
export const SAM_SURNAMES = parseList(`
González, Rodríguez, Pérez, Hernández, García, Martínez, López, Díaz, Sánchez, Romero, Rojas, Márquez, Gil,
Silva, Suárez, Blanco, Ramírez, Moreno, Torres, Mendoza, Castillo, Contreras, Medina, Colmenares, Bracho,
Urdaneta, Chirinos, Briceño, Zambrano, Villegas, Gómez, Muñoz, Jiménez, Vargas, Ospina, Restrepo, Cardona,
Londoño, Castaño, Giraldo, Zapata, Quintero, Arango, Valencia, Mosquera, Cuesta
`);
export const CUB_SURNAMES = parseList(`
Rodríguez, González, Hernández, Pérez, García, Fernández, López, Díaz, Martínez, Sánchez, Ramírez, Cabrera,
Alfonso, Valdés, Castillo, Reyes, Acosta, Rivero, Cárdenas, Batista
`);
/** Haitian surnames (one surname each). */
export const HTI_SURNAMES = parseList(`
Joseph, Pierre, Jean, Louis, Charles, Jean-Baptiste, Saint-Fleur, Dorvil, Exantus, Paul, Michel, Désir, Alexis,
Augustin, François, Philippe, Jean-Louis, Cadet, Étienne, Thélusma
`);

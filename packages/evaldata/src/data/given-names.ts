/**
 * Given names, written for this package from the author's own knowledge of naming in Mexico and of the
 * migrants who cross it (no list was copied from elsewhere, and none from the matcher's code).
 *
 * Format of each entry: `Name:weight[:era]`. The weight is a rough relative frequency (about "people per
 * 10,000 of that sex in that origin group"); era says which generation carries the name most: `o` (born before
 * about 1970), `m` (1970-1995), `y` (after 1995), none for names common in every generation. Compound names
 * ("María Guadalupe", "José Luis") are entries of their own, as they are given; the generator also joins two
 * single names now and then.
 */

export type Era = 'o' | 'm' | 'y' | '';

export interface NameEntry {
  name: string;
  weight: number;
  era: Era;
}

export function parseNames(block: string): NameEntry[] {
  const out: NameEntry[] = [];
  for (const raw of block.split(/[\n,]/)) {
    const line = raw.trim();
    if (!line) continue;
    const [name, w, era] = line.split(':');
    const weight = Number(w);
    if (!name || !Number.isFinite(weight) || weight <= 0) throw new Error(`bad name entry: ${line}`);
    out.push({ name: name.trim(), weight, era: (era ?? '') as Era });
  }
  return out;
}

/** Mexican women's given names. */
export const MEX_FEMALE = parseNames(`
María Guadalupe:300, Guadalupe:170, María:210:o, Juana:110:o, Margarita:110:o, Verónica:95:m, Patricia:105:m,
Leticia:85:m, Rosa María:75:o, Elizabeth:85:m, Gabriela:85:m, Alejandra:90:m, Adriana:80:m, Claudia:80:m,
Silvia:70:m, Martha:75:o, Maribel:50:m, Araceli:50:m, Yolanda:60:o, Teresa:50:o, María Elena:60:o,
María del Carmen:80:o, Josefina:60:o, Rosa:60:o, Ana María:60:o, Laura:70:m, Norma:55:m, Sandra:60:m,
Mónica:55:m, Alicia:50:o, Lucía:40, Beatriz:45:m, Angélica:50:m, Elena:30:o, Isabel:40:o, Graciela:35:o,
Lorena:40:m, Blanca Estela:25:m, Carmen:40:o, Irma:35:o, Esperanza:30:o, Dolores:25:o, Socorro:20:o,
Refugio:12:o, Rosario:30:o, Concepción:20:o, Consuelo:20:o, Lorenza:8:o, Antonia:25:o, Francisca:25:o,
Catalina:15:o, Petra:12:o, Ofelia:15:o, Eva:20:o, Gloria:30:o, Hortensia:12:o, Herminia:10:o,
Guillermina:15:o, Natividad:8:o, Trinidad:8:o, Asunción:5:o, Ascensión:4:o, Eréndira:8:m, María de Jesús:60:o,
María de los Ángeles:40:m, María de Lourdes:40:o, María Luisa:40:o, María Teresa:35:o, María Eugenia:30:o,
María Isabel:40:m, María Antonieta:15:o, María Cristina:20:m, María de la Luz:40:o, María del Rosario:30:o,
María del Socorro:25:o, María Concepción:15:o, María Dolores:15:o, María Magdalena:25:o, María Estela:10:o,
María Alejandra:25:m, María Fernanda:80:y, María José:50:y, María Paula:10:y, Ana Laura:25:m, Ana Karen:30:y,
Ana Lilia:15:m, Ana Cristina:10:m, Ana Gabriela:10:m, Ana Paola:15:y, Diana Laura:20:y, Karla:40:m,
Karla Patricia:10:m, Karina:40:m, Karen:45:y, Brenda:50:m, Nancy:45:m, Erika:45:m, Jessica:45:y, Yesenia:35:m,
Jacqueline:20:m, Jennifer:20:y, Stephanie:15:y, Kimberly:15:y, Leslie:15:y, Evelyn:25:y, Wendy:15:y,
Cinthia:20:m, Liliana:40:m, Diana:40:m, Fabiola:25:m, Miriam:30:m, Elvia:15:o, Griselda:25:m, Marisol:30:m,
Maricela:20:m, Lizbeth:20:m, Paola:30:y, Andrea:40:y, Daniela:50:y, Fernanda:20:y, Valeria:45:y, Ximena:45:y,
Jimena:15:y, Camila:40:y, Valentina:35:y, Regina:25:y, Sofía:50:y, Renata:25:y, Natalia:30:y, Mariana:40:y,
Montserrat:25:y, Itzel:35:y, Yaretzi:25:y, Xóchitl:20:m, Citlali:20:y, Nayeli:20:y, Yatziri:10:y, Xiadani:8:y,
Ameyalli:4:y, Quetzalli:5:y, Itzayana:6:y, Meztli:3:y, Ixchel:4:y, Nicté:3, Tonantzin:2, Zyanya:4, Anahí:20:y,
Abigail:20:y, Alondra:25:y, Areli:20:y, Dulce María:25:m, Dulce:15, Esmeralda:30:m, Estefanía:25:y, Lizeth:15,
Luz María:30:o, Luz Elena:10:o, Magdalena:20:o, Marcela:20:m, Mayra:30:m, Nallely:15:y, Olga:25:o, Paulina:20:y,
Perla:20:m, Rocío:35:m, Rubí:15:y, Sara:20, Susana:30:m, Tania:25:m, Vanessa:25:m, Viridiana:25:m, Ivonne:15:m,
Yazmín:25:m, Zulema:8, Berenice:20:m, Cecilia:25, Cristina:25, Edith:20:m, Elsa:15:o, Estela:15:o, Hilda:15:o,
Irene:15, Isela:10, Janet:15:m, Jovita:5:o, Julieta:15, Lidia:20:o, Lourdes:20:o, Lucero:15:m, Marina:15,
Mercedes:12:o, Minerva:10:o, Noemí:20:m, Obdulia:4:o, Pilar:8, Raquel:15, Reyna:20:m, Rosalba:15:m,
Rosalía:10:o, Sonia:20:m, Tomasa:6:o, Victoria:15:y, Alma Delia:15:m, Alma Rosa:10:m, Aurora:15:o, Bertha:15:o,
Celia:15:o, Emma:15:y, Evangelina:8:o, Felipa:6:o, Inés:10:o, Leonor:10:o, Micaela:6:o, Ramona:12:o,
Zenaida:5:o, Abril:15:y, Aitana:6:y, Ashley:10:y, Brittany:8:y, Danna Paola:10:y, Frida:12:y, Melanie:10:y,
Michelle:15:y, Nicole:10:y, Romina:10:y, Samantha:20:y, Yuliana:15:y, Zoé:8:y, Yamileth:8:y, Ignacia:5:o,
Rocío Guadalupe:6:m, Juana María:10:o, Marisela:10:m, Yadira:15:m, Gisela:15:m, Ivette:8:m, Mirna:10:m,
Nora:10:o, Pamela:15:y, Lilia:12:o, Lucina:5:o, Amparo:8:o, Eugenia:8:o, Azucena:10:m, Belén:8:y,
Carolina:25:m, Elisa:10, Fátima:15:y, Gladys:8:m, Jazmín:10:y, Lilián:6:m, Marlene:10:m, Nadia:15:m,
Paloma:10:m, Sarahí:10:y, Selene:12:m, Yessica:8:y, Arely:8:y, Dayana:6:y, Guadalupe Itzel:3:y
`);

/** Mexican men's given names. */
export const MEX_MALE = parseNames(`
José:250:o, Juan:210:o, José Luis:200, Jesús:130, Miguel Ángel:130, Juan Carlos:100:m, Francisco:110:o,
Antonio:90:o, José Antonio:80, Alejandro:100:m, Pedro:70:o, Manuel:70:o, Ricardo:60:m, Jorge:70:m,
Roberto:60:m, Fernando:60:m, Eduardo:60:m, Daniel:70:y, Javier:60:m, Rafael:50, Martín:60:o, Sergio:50:m,
Arturo:50:m, Raúl:50:m, Mario:45, Enrique:45, Alberto:40, Salvador:40:o, Ramón:40:o, Guillermo:40:m,
Ignacio:30:o, Gerardo:40:m, Héctor:40:m, Víctor:40, Hugo:30:m, Óscar:40:m, Jaime:30:m, Luis:50, Luis Ángel:30:y,
Luis Fernando:25:y, Juan Manuel:50, Juan José:30, Juan Antonio:25, Juan Pablo:25:y, José Manuel:30,
José Alfredo:20, José Guadalupe:30:o, José de Jesús:40:o, José Juan:15, José Ángel:20, Carlos:60:m,
Ángel:40:y, Gabriel:40, Alfredo:35, Armando:35:m, Rubén:30, Andrés:25, Adrián:35:m, Ernesto:25, Gustavo:25:m,
Rodolfo:20:o, Gilberto:20:o, Humberto:20:o, Felipe:25:o, Agustín:20:o, Marco Antonio:35:m, Rogelio:20,
Margarito:8:o, Refugio:10:o, Crescencio:4:o, Vicente:15:o, Gregorio:10:o, Lorenzo:10:o, Abel:15, Isidro:10:o,
Tomás:20:o, Nicolás:15, Julio César:25:m, Julio:20, César:25, Iván:30:m, Omar:30:m, Israel:25:m, Saúl:20:m,
Josué:20:y, Moisés:20, Abraham:20, Isaac:15:y, Alan:25:y, Brian:20:y, Kevin:25:y, Jonathan:30:y,
Christian:30:y, Édgar:30:m, Erick:25:y, Diego:40:y, Emiliano:25:y, Santiago:40:y, Sebastián:35:y,
Leonardo:35:y, Matías:25:y, Mateo:25:y, Maximiliano:20:y, Rodrigo:25:y, Axel:20:y, Uriel:20:y, Yahir:15:y,
Jair:10:y, Said:5:y, Ulises:15, Aldo:10:m, Rigoberto:12:o, Heriberto:12:o, Porfirio:6:o, Anastasio:5:o,
Eusebio:5:o, Eleazar:5, Eliseo:8, Ezequiel:10, Federico:10:o, Fidel:10:o, Filiberto:6:o, Florentino:6:o,
Gonzalo:12, Hilario:5:o, Inocencio:4:o, Jacinto:6:o, Joaquín:15, Leonel:15, Lucio:8:o, Marcelino:6:o,
Mauricio:20:m, Noé:15, Octavio:12, Pablo:25, Rosendo:6:o, Samuel:20, Santos:8:o, Silvestre:5:o, Teodoro:5:o,
Valentín:6, Wenceslao:3:o, Alfonso:20:o, Adolfo:12:o, Benjamín:12, Bernardo:10, Emilio:15, Esteban:12,
Fabián:15, Francisco Javier:40, Germán:12, Jerónimo:5, Leobardo:5:o, Ramiro:12, Reynaldo:10, Tonatiuh:8:m,
Cuauhtémoc:15:o, Cuitláhuac:4:m, Tenoch:3:y, Itzcóatl:2:m, Ollin:2:y, Yaotl:2:y, Xicoténcatl:2:o,
Netzahualcóyotl:2:m, Gael:15:y, Iker:12:y, Dylan:12:y, Ian:10:y, Alexis:15:y, Alexander:8:y, Aarón:12:y,
Bruno:8:y, Cristóbal:6:o, Domingo:8:o, Efraín:10, Elías:10, Emmanuel:20:y, Ernesto Alonso:3:y, Everardo:8:o,
Ezequías:2:o, Genaro:6:o, Guadalupe:20:o, Horacio:8:m, Hugo Alberto:6:m, Irving:8:y, Jacobo:5, Jesús Manuel:8,
Jorge Luis:25:m, Joel:15:m, Juventino:4:o, Lázaro:5:o, Leopoldo:8:o, Luciano:6:o, Marcos:15, Mariano:8,
Néstor:8:m, Norberto:6:o, Pascual:6:o, Patricio:6, Raymundo:10:m, René:15:m, Ricardo Daniel:4:y, Rolando:8:m,
Sabino:4:o, Sergio Iván:4:y, Tadeo:5:y, Tobías:3:y, Víctor Manuel:25, Wilfrido:4:o, Zeferino:3:o
`);

/** Central American (GTM, HND, SLV, NIC) names not already common in Mexico; mixed with the Mexican lists. */
export const CAM_FEMALE = parseNames(`
Wendy:40, Heidy:25, Dilcia:15, Nolvia:12, Xiomara:20, Yolany:10, Sulmy:8, Kenia:20, Glenda:20, Ingrid:20,
Iris:15, Dania:15, Lesbia:10, Marleny:15, Evelyn:30, Katherine:25, Mirna:20, Leydi:12, Sindy:15, Yessenia:25,
Joselyn:20, Génesis:20, Reina Isabel:8, Yenifer:15, Lilian:15, Rosa Amelia:8, Maritza:15, Keila:8, Onelia:6,
Elsy:10, Doris:10, Marta Lidia:6, Blanca Rosa:8, Catarina:10, Candelaria:8, Sandy:10, Heydi:8, Nelly:10
`);
export const CAM_MALE = parseNames(`
Wilmer:30, Nery:20, Elmer:25, Edwin:30, Kevin:30, Brayan:30, Marlon:25, Selvin:20, Byron:20, Wilson:20,
Mynor:10, Erick:20, Walter:25, Santos:15, Melvin:15, Darwin:15, Josué:20, Ever:10, Denis:15, Jairo:15, Elvin:12,
Osman:8, Cristian:20, Juan José:15, Carlos Alberto:10, Luis Alonso:6, Henry:15, Fredy:15, Oswaldo:10, Dimas:5,
Mardoqueo:3, Abner:6, Yovani:8, Nelson:15, Wálter Orlando:3
`);

/** Venezuelan, Colombian and other South American names. */
export const SAM_FEMALE = parseNames(`
Yusmary:10, Yorgelis:8, Oriana:12, Génesis:15, Daniela:20, Yuleidy:8, Mariangel:8, Rosangela:8, Andreína:10,
Yelitza:6, Dayana:12, Nathaly:10, Yolimar:5, Maryori:5, Luz Adriana:6, Yuri:5, Leidy:10, Paola Andrea:8,
Diana Marcela:6, Sandra Milena:8, Luz Marina:6, Yurani:5, Valentina:10, María Alejandra:10, Karla:6
`);
export const SAM_MALE = parseNames(`
Yorman:8, Yeferson:10, Anyelo:6, Wuilmer:5, Yonder:4, Jhonny:6, Luis Alfredo:6, José Gregorio:8, Deivis:5,
Carlos Eduardo:8, Kleiber:3, Yender:3, Darwin:5, Jhon Jairo:6, Wilmar:5, Harold:5, Jhon Fredy:5, Yeison:6,
Duván:4, Brayan Stiven:4, Juan David:8, Andrés Felipe:8, José Miguel:6
`);

export const CUB_FEMALE = parseNames(`
Yaneisy:8, Yuleisy:8, Dayana:8, Yamilé:6, Yudelkis:5, Marisleydis:4, Yanet:6, Odalys:6, Mailén:4, Yadira:4,
Arianna:5, Lisandra:5
`);
export const CUB_MALE = parseNames(`
Yunior:8, Yoandri:6, Yasmany:6, Osmany:6, Yordanis:5, Yuniel:5, Alexei:5, Dairon:4, Reinier:4, Yosvany:4,
Lázaro:5, Raidel:3
`);

export const HTI_FEMALE = parseNames(`
Marie:15, Fabiola:6, Widline:5, Nadège:5, Rose-Marie:6, Guerline:5, Mirlande:5, Roseline:5, Nathalie:5,
Marie-Claire:4, Daphnée:3, Sherline:3
`);
export const HTI_MALE = parseNames(`
Jean:15, Pierre:8, Wilner:5, Frantz:5, Jean-Robert:5, Wisly:4, Jameson:4, Stevenson:4, Jean-Claude:5,
Wilson:4, Emmanuel:5, Ricardo:3
`);

/**
 * Prior m-probabilities (the chance of each comparison level among true matches), estimated once by
 * scripts/estimate-priors.ts — do not edit by hand; run the script again. EM starts from these and moves them only
 * as far as the input's evidence allows (M_PRIOR_PAIRS pseudo-pairs). Corpora:
 * - FEBRL dataset1: 1000 records, 500 true pairs among 3840 candidates
 * - FEBRL dataset2: 5000 records, 1929 true pairs among 82613 candidates
 * - FEBRL dataset3: 5000 records, 6523 true pairs among 73596 candidates
 * - Mexican synthetic (40,000 persons): 51844 records, 15130 true pairs among 1120474 candidates
 * Comparisons no corpus holds get a generic prior (top level 0.9); every level is at least 0.005 before normalising.
 */
export const M_PRIORS: Readonly<Record<string, readonly number[]>> = {
  given_names: [0.1634, 0.0344, 0.135, 0.0166, 0.6506],
  surname_1: [0.1281, 0.0326, 0.2214, 0.618],
  surname_2: [0.0104, 0.0505, 0.3326, 0.6065],
  birth_date: [0.0455, 0.005, 0.0146, 0.0421, 0.8929],
  sex: [0.005, 0.995],
  id_number: [0.056, 0.0679, 0.8761],
  phone: [0.005, 0.005, 0.9901],
  email: [0.005, 0.005, 0.9901],
  street: [0.1083, 0.0974, 0.3511, 0.4433],
  locality: [0.0564, 0.0076, 0.1805, 0.7555],
  postcode: [0.0277, 0.1875, 0.7848],
  region: [0.0361, 0.9639],
  country: [0.1, 0.9],
  nationality: [0.1, 0.9],
};

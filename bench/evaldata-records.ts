/**
 * The independent generator's person rows (packages/evaldata) as the linker's records: the fields every evaluation
 * bench gives it, nothing else (labels stay with the caller).
 */
import type { dedupeSet } from '@enlace/evaldata';
import type { LinkRecord } from '@enlace/linkage';

type EvalPerson = ReturnType<typeof dedupeSet>['records'][number];

export const evalLinkRecords = (rows: readonly EvalPerson[]): LinkRecord[] =>
  rows.map((r) => ({
    id: r.person_id,
    fields: {
      given_names: r.given_names,
      surname_1: r.surname_1,
      surname_2: r.surname_2,
      birth_date: r.birth_date,
      sex: r.sex,
      nationality: r.nationality,
      curp: r.curp,
      phone: r.phone,
      email: r.email,
      region: r.state_code,
    },
  }));

import { isValidCurp } from '@enlace/core/curp';
import { memorySource, validateFolder } from '@enlace/core/exchange';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { ageFromBirth, computeFigures, formGroup, minorAt } from './figures.ts';
import { FILE_COLUMNS, folderFiles, nationalFolder } from './national.ts';

describe('nationalFolder', () => {
  const full = nationalFolder({ seed: 1 });

  it('passes the exchange validator (full magnitudes, 2020-2022)', async () => {
    const res = await validateFolder(memorySource(folderFiles(full)));
    expect(res.errors).toEqual([]);
    expect(res.ok).toBe(true);
  });

  it('passes the validator at other seeds, scales and years', async () => {
    for (const [seed, fromYear, toYear, scale] of [
      [2, 2021, 2021, 0.3],
      [3, 2018, 2024, 0.15],
    ] as const) {
      const f = nationalFolder({ seed, fromYear, toYear, scale, noise: 2 });
      const res = await validateFolder(memorySource(folderFiles(f)));
      expect(res.errors, `seed ${seed}`).toEqual([]);
    }
  });

  it('is deterministic by seed', () => {
    const again = nationalFolder({ seed: 1 });
    expect(JSON.stringify(again.rows)).toBe(JSON.stringify(full.rows));
    expect(JSON.stringify(again.truth.reports)).toBe(JSON.stringify(full.truth.reports));
    const other = nationalFolder({ seed: 2 });
    expect(JSON.stringify(other.rows['persons.csv'])).not.toBe(JSON.stringify(full.rows['persons.csv']));
  });

  it('has about sixty agencies: FGR, 32 state prosecutors, INM, DIFs, victims commissions, a dozen shelters, the hotline', () => {
    const a = full.rows['agencies.csv']!;
    expect(a.length).toBeGreaterThanOrEqual(55);
    expect(a.length).toBeLessThanOrEqual(70);
    expect(a.filter((x) => x.kind === 'prosecutor' && x.level === 'state')).toHaveLength(32);
    expect(a.find((x) => x.agency_id === 'fge-cmx')?.state_code).toBe('09');
    for (const id of ['fgr', 'inm', 'dif-nacional', 'ceav', 'linea-nacional'])
      expect(
        a.some((x) => x.agency_id === id),
        id,
      ).toBe(true);
    expect(a.filter((x) => x.level === 'ngo' && x.kind === 'service_provider').length).toBeGreaterThanOrEqual(
      10,
    );
  });

  it('gives the entity of every person record; a few percent of victims are identified twice; CURPs valid', () => {
    const persons = full.rows['persons.csv']!;
    for (const p of persons) {
      expect(full.truth.entities[p.person_id!]).toBeTruthy();
      if (p.curp) expect(isValidCurp(p.curp)).toBe(true);
    }
    expect(Object.keys(full.truth.entities)).toHaveLength(persons.length);
    for (const y of ['2020', '2021', '2022']) {
      const v = full.truth.reports[y]!.victims;
      expect(v.total).toBeGreaterThan(300);
      expect(v.linked_duplicates / v.identification_records).toBeGreaterThan(0.01);
      expect(v.linked_duplicates / v.identification_records).toBeLessThan(0.1);
    }
    expect(full.truth.families.length).toBeGreaterThan(10);
  });

  it('keeps the TIP magnitudes where it sets them', () => {
    const r = full.truth.reports['2022']!;
    expect(r.investigations.federal.total).toBe(33);
    expect(r.investigations.state.total).toBe(798);
    expect(r.convictions.federal.total).toBe(5);
    expect(r.convictions.state.total).toBe(111);
    expect(r.hotline.trafficking_related_contacts).toBe(2549);
    expect(r.hotline.referred_to_prosecutors).toBe(43);
    expect(r.financial_intelligence.suspicious_transactions).toBe(403);
    expect(r.victims.total).toBeGreaterThan(400);
    expect(r.victims.total).toBeLessThan(520);
  });

  it('figures add up: forms sum to totals, duplicates = records - persons', () => {
    for (const r of Object.values(full.truth.reports)) {
      const sum = (o: { sex: number; labor: number; other: number; unspecified: number }) =>
        o.sex + o.labor + o.other + o.unspecified;
      expect(r.victims.linked_duplicates).toBe(r.victims.identification_records - r.victims.total);
      expect(sum(r.victims.federal)).toBe(r.victims.federal.total);
      expect(sum(r.victims.state)).toBe(r.victims.state.total);
      expect(sum(r.investigations.state)).toBe(r.investigations.state.total);
      expect(sum(r.convictions.state) + sum(r.convictions.federal)).toBeLessThanOrEqual(r.convictions.total);
      const cells = Object.values(r.victims.by_form_sex_age).reduce(
        (s, g) => s + Object.values(g).reduce((a, b) => a + b, 0),
        0,
      );
      expect(cells).toBe(r.victims.total);
      expect(r.prosecutions.federal.total).toBe(r.prosecutions.federal.new + r.prosecutions.federal.ongoing);
      expect(r.victims.foreign.countries).toEqual([...r.victims.foreign.countries].sort());
    }
  });
});

describe('computeFigures (counting rules, on a hand-made folder)', () => {
  const rows = {
    'agencies.csv': [
      { agency_id: 'fgr', name: 'FGR', level: 'federal', kind: 'prosecutor', state_code: '', country: 'MEX' },
      {
        agency_id: 'fge-pue',
        name: 'FGE Puebla',
        level: 'state',
        kind: 'prosecutor',
        state_code: '21',
        country: 'MEX',
      },
      {
        agency_id: 'mun',
        name: 'Municipio',
        level: 'municipal',
        kind: 'police',
        state_code: '29',
        country: 'MEX',
      },
      {
        agency_id: 'osc',
        name: 'Refugio',
        level: 'ngo',
        kind: 'service_provider',
        state_code: '',
        country: 'MEX',
      },
      { agency_id: 'line', name: 'Línea', level: 'ngo', kind: 'hotline', state_code: '', country: 'MEX' },
    ],
    'persons.csv': [
      { person_id: 'a1', agency_id: 'fge-pue', sex: 'female', birth_date: '2006-03-10', nationality: '' },
      { person_id: 'a2', agency_id: 'fgr', sex: 'female', birth_date: '2006', nationality: 'GTM' },
      { person_id: 'b1', agency_id: 'osc', sex: 'male', birth_date: '1990', nationality: 'MEX' },
      { person_id: 'c1', agency_id: 'mun', sex: 'intersex', birth_date: '1995-01-01', nationality: 'VEN' },
      { person_id: 'd1', agency_id: 'fge-pue', sex: 'female', birth_date: '2004-06', nationality: 'MEX' },
    ],
    'identifications.csv': [
      // a (two records): earliest is the state one, 2022-02-01 → sex, girl (16 on 2022-02-01)
      {
        identification_id: 'i2',
        person_id: 'a2',
        agency_id: 'fgr',
        date: '2022-05-01',
        state_code: '21',
        primary_form: 'forced_labor',
      },
      {
        identification_id: 'i1',
        person_id: 'a1',
        agency_id: 'fge-pue',
        date: '2022-02-01',
        state_code: '21',
        primary_form: 'sexual',
      },
      // b: ngo only, year-only birth → age ambiguous → unknown
      {
        identification_id: 'i3',
        person_id: 'b1',
        agency_id: 'osc',
        date: '2022-07-01',
        state_code: '',
        primary_form: 'forced_begging',
      },
      // c: municipal counts as state; intersex → unknown
      {
        identification_id: 'i4',
        person_id: 'c1',
        agency_id: 'mun',
        date: '2022-07-01',
        state_code: '29',
        primary_form: 'illegal_adoption',
      },
      // d: two identifications on the same day by one agency, tie broken by the smaller id (i5 < i6)
      {
        identification_id: 'i6',
        person_id: 'd1',
        agency_id: 'fge-pue',
        date: '2022-09-09',
        state_code: '21',
        primary_form: 'sexual',
      },
      {
        identification_id: 'i5',
        person_id: 'd1',
        agency_id: 'fge-pue',
        date: '2022-09-09',
        state_code: '21',
        primary_form: 'unspecified',
      },
      // another year
      {
        identification_id: 'i0',
        person_id: 'b1',
        agency_id: 'osc',
        date: '2021-12-31',
        state_code: '',
        primary_form: 'sexual',
      },
    ],
    'services.csv': [
      {
        service_id: 's1',
        person_id: 'a2',
        provider_agency_id: 'osc',
        service: 'shelter',
        start_date: '2021-11-01',
        end_date: '2022-01-05',
      },
      {
        service_id: 's2',
        person_id: 'a1',
        provider_agency_id: 'osc',
        service: 'medical',
        start_date: '2022-03-01',
        end_date: '',
      },
      {
        service_id: 's3',
        person_id: 'c1',
        provider_agency_id: 'osc',
        service: 'legal',
        start_date: '',
        end_date: '',
      },
      {
        service_id: 's4',
        person_id: 'b1',
        provider_agency_id: 'osc',
        service: 'legal',
        start_date: '2023-01-01',
        end_date: '',
      },
    ],
    'referrals.csv': [
      {
        referral_id: 'r1',
        person_id: 'b1',
        from_agency_id: 'osc',
        to_agency_id: 'fge-pue',
        date: '2022-08-01',
        status: 'pending',
      },
    ],
    'investigations.csv': [
      {
        investigation_id: 'v1',
        agency_id: 'fge-pue',
        opened_date: '2022-01-01',
        primary_form: 'sexual',
        state_code: '21',
        official_complicity: 'true',
      },
      {
        investigation_id: 'v2',
        agency_id: 'mun',
        opened_date: '2022-03-01',
        primary_form: 'servitude',
        state_code: '29',
        official_complicity: 'false',
      },
      {
        investigation_id: 'v3',
        agency_id: 'fgr',
        opened_date: '2021-03-01',
        primary_form: 'sexual',
        state_code: '09',
        official_complicity: 'true',
      },
    ],
    'prosecutions.csv': [
      {
        prosecution_id: 'p1',
        agency_id: 'fgr',
        initiated_date: '2020-05-01',
        closed_date: '2022-01-01',
        primary_form: 'sexual',
        state_code: '09',
        official_complicity: 'true',
      },
      {
        prosecution_id: 'p2',
        agency_id: 'fge-pue',
        initiated_date: '2022-05-01',
        closed_date: '',
        primary_form: 'other',
        state_code: '21',
        official_complicity: 'false',
      },
      {
        prosecution_id: 'p3',
        agency_id: 'fge-pue',
        initiated_date: '2019-05-01',
        closed_date: '2021-12-31',
        primary_form: 'sexual',
        state_code: '21',
        official_complicity: 'true',
      },
    ],
    'convictions.csv': [
      {
        conviction_id: 'c1',
        agency_id: 'fgr',
        prosecution_id: 'p1',
        date: '2022-01-01',
        primary_form: 'sexual',
        sentence_months: '240',
        restitution_ordered_mxn: '1000.50',
      },
      {
        conviction_id: 'c2',
        agency_id: 'fge-pue',
        prosecution_id: 'p2',
        date: '2022-06-01',
        primary_form: 'forced_labor',
        sentence_months: '',
        restitution_ordered_mxn: '99.50',
      },
      {
        conviction_id: 'c3',
        agency_id: 'fge-pue',
        prosecution_id: '',
        date: '2021-06-01',
        primary_form: 'sexual',
        sentence_months: '12',
        restitution_ordered_mxn: '5',
      },
    ],
    'restitution_payments.csv': [
      {
        payment_id: 'x1',
        conviction_id: 'c1',
        victim_person_id: 'a1',
        date: '2023-01-01',
        amount_mxn: '100.25',
        source: 'perpetrator',
      },
      {
        payment_id: 'x2',
        conviction_id: 'c1',
        victim_person_id: 'a2',
        date: '2022-02-01',
        amount_mxn: '0.75',
        source: 'assistance_fund',
      },
      {
        payment_id: 'x3',
        conviction_id: 'c3',
        victim_person_id: 'b1',
        date: '2022-02-01',
        amount_mxn: '5',
        source: 'perpetrator',
      },
    ],
    'hotline_contacts.csv': [
      {
        contact_id: 'h1',
        agency_id: 'line',
        date: '2022-01-01',
        channel: 'phone',
        trafficking_related: 'true',
        referred_to_agency_id: 'fge-pue',
      },
      {
        contact_id: 'h2',
        agency_id: 'line',
        date: '2022-01-01',
        channel: 'phone',
        trafficking_related: 'true',
        referred_to_agency_id: 'osc',
      },
      {
        contact_id: 'h3',
        agency_id: 'line',
        date: '2022-01-01',
        channel: 'phone',
        trafficking_related: 'false',
        referred_to_agency_id: 'fgr',
      },
    ],
    'financial_reports.csv': [
      { report_id: 'f1', agency_id: 'fgr', date: '2022-01-01', amount_usd: '0.10' },
      { report_id: 'f2', agency_id: 'fgr', date: '2022-01-02', amount_usd: '0.20' },
    ],
  };
  const entity = (pid: string) => ({ a1: 'A', a2: 'A', b1: 'B', c1: 'C', d1: 'D' })[pid] ?? pid;
  const r = computeFigures(rows, entity, 2022);

  it('counts victims as people, by the earliest identification of the year', () => {
    expect(r.victims.identification_records).toBe(6);
    expect(r.victims.total).toBe(4);
    expect(r.victims.linked_duplicates).toBe(2);
    expect(r.victims.federal).toEqual({ total: 1, sex: 1, labor: 0, other: 0, unspecified: 0 });
    expect(r.victims.state).toEqual({
      total: 3,
      sex: 1,
      labor: 0,
      other: 1,
      unspecified: 1,
      states_reporting: { sex: 1, labor: 0, other: 1, unspecified: 1 },
    });
    expect(r.victims.by_form_sex_age.sex).toEqual({ girls: 1, women: 0, boys: 0, men: 0, unknown: 0 });
    // B: male, born '1990' → an adult whatever the day (the age-group reading); unknown under the exact reading
    expect(r.victims.by_form_sex_age.labor).toEqual({ girls: 0, women: 0, boys: 0, men: 1, unknown: 0 });
    const exact = computeFigures(rows, entity, 2022, { ageRule: 'exact' });
    expect(exact.victims.by_form_sex_age.labor).toEqual({ girls: 0, women: 0, boys: 0, men: 0, unknown: 1 });
    expect(r.victims.by_form_sex_age.other.unknown).toBe(1);
    expect(r.victims.by_form_sex_age.unspecified).toEqual({
      girls: 0,
      women: 1,
      boys: 0,
      men: 0,
      unknown: 0,
    });
    // A: nationality empty on the deciding record, GTM on the other; C: VEN
    expect(r.victims.foreign).toEqual({ total: 2, countries: ['GTM', 'VEN'] });
  });

  it('counts services, referrals, justice, hotline, money as the spec says', () => {
    expect(r.services.victims_served).toEqual({ total: 1, sex: 1, labor: 0, other: 0, unspecified: 0 });
    expect(r.services.victims_referred).toEqual({ total: 1, sex: 1, labor: 0, other: 0, unspecified: 0 });
    expect(r.investigations.state).toEqual({ total: 2, sex: 1, labor: 1, other: 0, unspecified: 0 });
    expect(r.investigations.federal.total).toBe(0);
    expect(r.investigations.states_reporting).toBe(2);
    expect(r.prosecutions.federal).toEqual({ total: 1, new: 0, ongoing: 1 });
    expect(r.prosecutions.state).toEqual({ total: 1, new: 1, ongoing: 0 });
    expect(r.prosecutions.by_form).toEqual({ sex: 1, labor: 0, other: 1, unspecified: 0 });
    expect(r.convictions.total).toBe(2);
    expect(r.convictions.sentence_months).toEqual({ min: 240, max: 240 });
    expect(r.officials).toEqual({ investigations: 1, prosecutions: 1, convictions: 1 });
    expect(r.hotline).toEqual({ trafficking_related_contacts: 2, referred_to_prosecutors: 1 });
    expect(r.financial_intelligence).toEqual({ suspicious_transactions: 2, amount_usd: 0.3 });
    expect(r.restitution).toEqual({
      ordered_mxn: 1100,
      paid_mxn: 101,
      paid_by_fund_mxn: 0.75,
      victims_paid: 1,
    });
  });

  it('reads ages from partial dates only when unambiguous', () => {
    expect(ageFromBirth('2006-03-10', '2022-02-01')).toBe(15);
    expect(ageFromBirth('2006', '2022-02-01')).toBeNull();
    expect(ageFromBirth('2006', '2022-12-31')).toBe(16);
    expect(ageFromBirth('2004-06', '2022-09-09')).toBe(18);
    expect(ageFromBirth('2004-09', '2022-09-09')).toBeNull();
    expect(ageFromBirth('2004-09', '2022-09-30')).toBe(18);
    expect(ageFromBirth('2023', '2022-09-30')).toBeNull();
    expect(ageFromBirth('', '2022-09-30')).toBeNull();
    expect(minorAt('2006', '2022-02-01')).toBe(true); // 15 or 16
    expect(minorAt('2004', '2022-06-01')).toBeNull(); // 17 or 18
    expect(minorAt('1990', '2022-06-01')).toBe(false);
    expect(minorAt('2004-06', '2022-06-15')).toBeNull();
    expect(minorAt('2004-05', '2022-06-15')).toBe(false);
    expect(minorAt('2004', '2022-06-01', 'exact')).toBeNull();
    expect(minorAt('2006', '2022-02-01', 'exact')).toBeNull();
    expect(minorAt('2006-03-10', '2022-02-01', 'exact')).toBe(true);

    expect(formGroup('forced_criminality')).toBe('labor');
    expect(formGroup('biomedical_experimentation')).toBe('other');
  });

  it('the hand-made folder is itself a valid exchange folder', async () => {
    const files: Record<string, string> = {};
    for (const [f, list] of Object.entries(rows))
      files[f] = toCsv(FILE_COLUMNS[f]! as string[], list as Record<string, string>[]);
    const res = await validateFolder(memorySource(files));
    expect(res.errors).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type AnswerValue,
  applyAnswer,
  nextItem,
  resume,
  scoreScreening,
  visibleItems,
} from './engine.ts';
import { ILO_INDICATORS, type Instrument, type Item, parseInstrument } from './instrument.ts';
import { getInstrument, listInstruments } from './instruments.ts';

const short = getInstrument('short-screen')!;
const full = getInstrument('full-interview')!;

/** A valid answer for an item, from fast-check. */
function arbAnswer(item: Item): fc.Arbitrary<AnswerValue | null> {
  const decline = fc.constant(null);
  switch (item.type) {
    case 'yes_no':
      return fc.oneof(fc.constantFrom('yes', 'no', 'unsure'), decline);
    case 'single_choice':
      return fc.oneof(fc.constantFrom(...item.options!.map((o) => o.value)), decline);
    case 'multi_choice':
      return fc.oneof(
        fc.subarray(
          item.options!.map((o) => o.value),
          { minLength: 1 },
        ),
        decline,
      );
    case 'number':
      return fc.oneof(fc.integer({ min: item.min ?? 0, max: item.max ?? 100 }), decline);
    case 'text':
      return fc.string({ maxLength: 50 });
    case 'date':
      return fc.constant('2024-05');
  }
}

/** Runs a whole screening, answering whatever comes next with generated answers. */
function arbRun(inst: Instrument): fc.Arbitrary<Answers> {
  // One candidate answer per item; the run takes the answer of whichever item comes next.
  const perItem = Object.fromEntries(inst.items.map((i) => [i.id, arbAnswer(i)]));
  return fc.record(perItem).map((choices) => {
    let answers: Answers = {};
    for (let next = nextItem(inst, answers); next; next = nextItem(inst, answers)) {
      answers = applyAnswer(inst, answers, next.id, choices[next.id] ?? null);
    }
    return answers;
  });
}

describe('shipped instruments', () => {
  it('parse, are versioned and have text in es and en for every item and option', () => {
    expect(
      listInstruments()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['full-interview', 'short-screen']);
    for (const inst of listInstruments()) {
      expect(inst.version).toMatch(/^\d+\.\d+\.\d+$/);
      for (const item of inst.items) {
        expect(item.text.es).not.toEqual(item.text.en);
        for (const o of item.options ?? []) expect(o.label.es.length * o.label.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('the full interview maps answers to every one of the 11 ILO indicators', () => {
    const covered = new Set(
      full.items.flatMap((i) => i.mappings.flatMap((m) => (m.indicator ? [m.indicator] : []))),
    );
    expect([...covered].sort()).toEqual([...ILO_INDICATORS].sort());
  });

  it('the short screen covers every ILO indicator too', () => {
    const covered = new Set(
      short.items.flatMap((i) => i.mappings.flatMap((m) => (m.indicator ? [m.indicator] : []))),
    );
    expect(covered.size).toBe(11);
  });

  it('rejects an instrument whose skip logic looks forward', () => {
    const bad = structuredClone(short) as unknown as { items: { showIf?: unknown }[] };
    bad.items[0]!.showIf = { item: 'hurt', equals: 'yes' };
    expect(() => parseInstrument(bad)).toThrow(/later item/);
  });

  it('rejects a mapping on an option that does not exist', () => {
    const bad = structuredClone(short) as unknown as {
      items: { id: string; mappings: { when: unknown }[] }[];
    };
    const paid = bad.items.find((i) => i.id === 'paid')!;
    paid.mappings[0]!.when = { equals: 'sometimes' };
    expect(() => parseInstrument(bad)).toThrow(/unknown option/);
  });
});

describe('screening engine', () => {
  it('skips the debt follow-up unless there is a debt', () => {
    let a: Answers = {};
    for (const [id, v] of [
      ['safe_now', 'yes'],
      ['preferred_language', 'spa'],
      ['age', 30],
      ['work_kind', 'agriculture'],
      ['promise_kept', 'yes'],
      ['can_leave', 'yes'],
      ['documents_kept', 'no'],
      ['owes_money', 'no'],
    ] as const) {
      a = applyAnswer(short, a, id, v);
    }
    expect(nextItem(short, a)?.id).toBe('paid');
    a = applyAnswer(short, a, 'owes_money', 'yes');
    expect(nextItem(short, a)?.id).toBe('debt_unpayable');
  });

  it('drops the answer to a follow-up that a changed answer hides', () => {
    let a: Answers = { safe_now: 'yes', preferred_language: 'spa', age: 30, work_kind: 'agriculture' };
    a = resume(short, a).answers;
    a = applyAnswer(short, a, 'promise_kept', 'no');
    expect(a.promise_kept).toBe('no');
    a = applyAnswer(short, a, 'work_kind', 'none');
    expect(a).not.toHaveProperty('promise_kept');
  });

  it('refuses an answer of the wrong type and an item that is not shown', () => {
    expect(() => applyAnswer(short, {}, 'safe_now', 'maybe')).toThrow(/yes, no or unsure/);
    expect(() => applyAnswer(short, {}, 'age', 200)).toThrow(/above/);
    expect(() => applyAnswer(short, {}, 'debt_unpayable', 'yes')).toThrow(/not shown/);
    expect(() => applyAnswer(short, {}, 'nope', 'yes')).toThrow(/unknown item/);
  });

  it('finds indicators with reasons and recommends referral, never "victim"', () => {
    const a: Answers = {
      safe_now: 'no',
      preferred_language: 'indigenous',
      age: 16,
      work_kind: 'agriculture',
      promise_kept: 'no',
      can_leave: 'no',
      documents_kept: 'yes',
      owes_money: 'yes',
      debt_unpayable: 'yes',
      paid: 'someone_takes_it',
      threatened: null,
      hurt: 'no',
      contact_family: 'yes',
      hours_per_day: 14,
      basic_needs: 'yes',
      no_other_choice: 'unsure',
    };
    const r = scoreScreening(short, resume(short, a).answers);
    expect(r.complete).toBe(true);
    expect(r.recommendation).toBe('refer_for_assessment');
    expect(r.indicators.map((i) => i.indicator)).toEqual([
      'deception',
      'restriction_of_movement',
      'retention_of_documents',
      'withholding_of_wages',
      'debt_bondage',
      'excessive_overtime',
    ]);
    expect(r.indicators[0]!.evidence[0]!.reason.es).toMatch(/prometid/);
    expect(r.flags.map((f) => f.flag)).toEqual(['safety_concern', 'minor', 'needs_interpreter']);
    expect(r.meansOfControl).toEqual([
      'debt_bondage',
      'excessive_hours',
      'false_promises',
      'restricts_movement',
      'takes_earnings',
      'withholds_documents',
    ]);
    expect(r.hints.sectors).toEqual(['agriculture']);
    expect(r.declined).toBe(1);
    expect(JSON.stringify(r)).not.toMatch(/victim/i);
  });

  it('a screening with no indicator says so', () => {
    const a = resume(short, {
      safe_now: 'yes',
      preferred_language: 'spa',
      age: 40,
      work_kind: 'none',
      can_leave: 'yes',
      documents_kept: 'no',
      owes_money: 'no',
      threatened: 'no',
      hurt: 'no',
      contact_family: 'yes',
      basic_needs: 'yes',
      no_other_choice: 'no',
    }).answers;
    const r = scoreScreening(short, a);
    expect(r).toMatchObject({ complete: true, recommendation: 'no_indicators_found', indicators: [] });
  });

  for (const inst of [short, full]) {
    it(`${inst.id}: every run ends, and the result only cites shown, answered items`, () => {
      fc.assert(
        fc.property(arbRun(inst), (answers) => {
          expect(nextItem(inst, answers)).toBeNull();
          const shown = new Set(visibleItems(inst, answers).map((i) => i.id));
          expect(Object.keys(answers).every((id) => shown.has(id))).toBe(true);
          const r = scoreScreening(inst, answers);
          expect(r.complete).toBe(true);
          expect(r.recommendation).toBe(
            r.indicators.length > 0 ? 'refer_for_assessment' : 'no_indicators_found',
          );
          for (const f of r.indicators) {
            expect(f.evidence.length).toBeGreaterThan(0);
            for (const e of f.evidence) {
              expect(shown.has(e.itemId)).toBe(true);
              expect(answers[e.itemId]).toEqual(e.answer);
            }
          }
        }),
        { numRuns: 200 },
      );
    });

    it(`${inst.id}: an interrupted screening resumes where it stopped with the same answers`, () => {
      fc.assert(
        fc.property(arbRun(inst), fc.nat(), (answers, cut) => {
          // Stop after k answers (in the order asked), persist as JSON, resume.
          const order = visibleItems(inst, answers)
            .map((i) => i.id)
            .filter((id) => id in answers);
          const k = cut % (order.length + 1);
          const partial: Answers = {};
          for (const id of order.slice(0, k)) partial[id] = answers[id] ?? null;
          const saved = JSON.parse(JSON.stringify(partial)) as Answers;
          const state = resume(inst, saved);
          expect(state.dropped).toEqual([]);
          expect(state.answers).toEqual(partial);
          expect(state.next?.id ?? null).toBe(order[k] ?? nextItem(inst, partial)?.id ?? null);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('resume drops saved answers that this instrument version does not accept', () => {
    const s = resume(short, { safe_now: 'perhaps', unknown_item: 'yes', age: 30 });
    expect(s.dropped.sort()).toEqual(['safe_now', 'unknown_item']);
    expect(s.answers).toEqual({ age: 30 });
    expect(s.next?.id).toBe('safe_now');
  });
});

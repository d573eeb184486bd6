/**
 * Screening engine: which item comes next (skip logic), resuming from saved answers,
 * and the result. The result is a recommendation to refer for assessment with the
 * indicators found and why; it never says that somebody "is a victim".
 */
import type { Form, MeansOfControl, Recruitment, Sector } from '../taxonomy.ts';
import {
  type AnswerTest,
  type Condition,
  ILO_INDICATORS,
  type IloIndicator,
  type Instrument,
  type Item,
  type LocalizedText,
  SCREENING_FLAGS,
  type ScreeningFlag,
  YES_NO_VALUES,
} from './instrument.ts';

/** An answer; `null` means the person preferred not to answer (always allowed). */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue | null>;

export const RECOMMENDATIONS = ['refer_for_assessment', 'no_indicators_found'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export interface Evidence {
  itemId: string;
  answer: AnswerValue;
  strength: 'strong' | 'medium';
  reason: LocalizedText;
}

export interface IndicatorFinding {
  indicator: IloIndicator;
  strength: 'strong' | 'medium';
  evidence: Evidence[];
}

export interface ScreeningResult {
  instrument: string;
  complete: boolean;
  recommendation: Recommendation;
  indicators: IndicatorFinding[];
  flags: { flag: ScreeningFlag; itemId: string; reason: LocalizedText }[];
  meansOfControl: MeansOfControl[];
  hints: { sectors: Sector[]; forms: Form[]; recruitment: Recruitment[] };
  answered: number;
  declined: number;
  /** Items shown so far that are still unanswered (0 when complete). */
  remaining: number;
}

export class AnswerError extends Error {
  constructor(
    readonly itemId: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnswerError';
  }
}

function matches(test: AnswerTest, value: AnswerValue | null | undefined): boolean {
  if ('answered' in test) return test.answered === (value !== undefined && value !== null);
  if (value === undefined || value === null) return false;
  if ('equals' in test) return value === test.equals;
  if ('in' in test) return typeof value === 'string' && test.in.includes(value);
  if ('includes' in test) return Array.isArray(value) && value.includes(test.includes);
  if ('includesAny' in test) return Array.isArray(value) && value.some((v) => test.includesAny.includes(v));
  if ('gte' in test) return typeof value === 'number' && value >= test.gte;
  if ('lt' in test) return typeof value === 'number' && value < test.lt;
  return false;
}

function holds(c: Condition, answers: Answers, visible: Set<string>): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers, visible));
  if ('any' in c) return c.any.some((x) => holds(x, answers, visible));
  if ('not' in c) return !holds(c.not, answers, visible);
  // An answer to an item that is not shown does not count.
  const value = visible.has(c.item) ? answers[c.item] : undefined;
  const { item: _item, ...test } = c;
  return matches(test as AnswerTest, value);
}

/** Items shown given the answers so far, in instrument order. */
export function visibleItems(inst: Instrument, answers: Answers): Item[] {
  const visible = new Set<string>();
  const out: Item[] = [];
  for (const item of inst.items) {
    if (item.showIf === undefined || holds(item.showIf, answers, visible)) {
      visible.add(item.id);
      out.push(item);
    }
  }
  return out;
}

function isAnswered(answers: Answers, id: string): boolean {
  return Object.hasOwn(answers, id);
}

/** The next item to ask, or null when the screening is complete. */
export function nextItem(inst: Instrument, answers: Answers): Item | null {
  return visibleItems(inst, answers).find((i) => !isAnswered(answers, i.id)) ?? null;
}

/** Checks one answer against its item; throws AnswerError. */
export function validateAnswer(item: Item, value: AnswerValue | null): void {
  if (value === null) return;
  const fail = (msg: string): never => {
    throw new AnswerError(item.id, `${item.id}: ${msg}`);
  };
  switch (item.type) {
    case 'yes_no':
      if (typeof value !== 'string' || !(YES_NO_VALUES as readonly string[]).includes(value)) {
        fail('expected yes, no or unsure');
      }
      return;
    case 'single_choice':
      if (typeof value !== 'string' || !item.options?.some((o) => o.value === value)) fail('unknown option');
      return;
    case 'multi_choice': {
      if (!Array.isArray(value) || value.length === 0) throw fail('expected a non-empty list of options');
      if (new Set(value).size !== value.length) fail('duplicate options');
      for (const v of value) if (!item.options?.some((o) => o.value === v)) fail(`unknown option ${v}`);
      return;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('expected a number');
      if (item.min !== undefined && value < item.min) fail(`below ${item.min}`);
      if (item.max !== undefined && value > item.max) fail(`above ${item.max}`);
      return;
    case 'text':
      if (typeof value !== 'string' || value.length > 2000) fail('expected text of at most 2000 characters');
      return;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value))
        fail('expected YYYY[-MM[-DD]]');
      return;
  }
}

/** Keeps only answers to items that are shown; answers to items hidden by a change are dropped. */
export function pruneAnswers(inst: Instrument, answers: Answers): Answers {
  const out: Answers = {};
  for (const item of visibleItems(inst, answers)) {
    if (isAnswered(answers, item.id)) out[item.id] = answers[item.id] ?? null;
  }
  // Pruning can hide further items; repeat until stable.
  return Object.keys(out).length === Object.keys(answers).length ? out : pruneAnswers(inst, out);
}

/** Records (or changes) one answer. The item must be shown. Returns new answers. */
export function applyAnswer(
  inst: Instrument,
  answers: Answers,
  itemId: string,
  value: AnswerValue | null,
): Answers {
  const item = visibleItems(inst, answers).find((i) => i.id === itemId);
  if (!item) {
    const exists = inst.items.some((i) => i.id === itemId);
    throw new AnswerError(
      itemId,
      exists ? `${itemId} is not shown for these answers` : `unknown item ${itemId}`,
    );
  }
  validateAnswer(item, value);
  return pruneAnswers(inst, { ...answers, [itemId]: value });
}

export interface ResumeState {
  answers: Answers;
  next: Item | null;
  /** Saved answers that were invalid for this instrument version, dropped. */
  dropped: string[];
}

/** Resumes an interrupted screening from saved answers (same instrument version). */
export function resume(inst: Instrument, saved: Answers): ResumeState {
  const dropped: string[] = [];
  let answers: Answers = {};
  // Replay in instrument order, so skip logic sees earlier answers first.
  for (const item of inst.items) {
    if (!Object.hasOwn(saved, item.id)) continue;
    try {
      answers = applyAnswer(inst, answers, item.id, saved[item.id] ?? null);
    } catch {
      dropped.push(item.id);
    }
  }
  for (const id of Object.keys(saved)) if (!inst.items.some((i) => i.id === id)) dropped.push(id);
  return { answers, next: nextItem(inst, answers), dropped };
}

/** The result of a screening (complete or not). */
export function scoreScreening(inst: Instrument, answers: Answers): ScreeningResult {
  const shown = visibleItems(inst, answers);
  const found = new Map<IloIndicator, IndicatorFinding>();
  const flags: ScreeningResult['flags'] = [];
  const means = new Set<MeansOfControl>();
  const sectors = new Set<Sector>();
  const forms = new Set<Form>();
  const recruitment = new Set<Recruitment>();
  let answered = 0;
  let declined = 0;
  for (const item of shown) {
    if (!isAnswered(answers, item.id)) continue;
    const value = answers[item.id] ?? null;
    if (value === null) {
      declined++;
      continue;
    }
    answered++;
    const chosen = Array.isArray(value) ? value : [value];
    for (const opt of item.options ?? []) {
      if (!chosen.includes(opt.value)) continue;
      if (opt.sector) sectors.add(opt.sector);
      if (opt.form) forms.add(opt.form);
      if (opt.recruitment) recruitment.add(opt.recruitment);
    }
    for (const m of item.mappings) {
      if (!matches(m.when, value)) continue;
      for (const mc of m.meansOfControl) means.add(mc);
      if (m.flag && !flags.some((f) => f.flag === m.flag))
        flags.push({ flag: m.flag, itemId: item.id, reason: m.reason });
      if (m.indicator) {
        const f = found.get(m.indicator) ?? {
          indicator: m.indicator,
          strength: 'medium' as const,
          evidence: [],
        };
        f.evidence.push({ itemId: item.id, answer: value, strength: m.strength, reason: m.reason });
        if (m.strength === 'strong') f.strength = 'strong';
        found.set(m.indicator, f);
      }
    }
  }
  const indicators = ILO_INDICATORS.flatMap((i) => {
    const f = found.get(i);
    return f ? [f] : [];
  });
  flags.sort((a, b) => SCREENING_FLAGS.indexOf(a.flag) - SCREENING_FLAGS.indexOf(b.flag));
  const remaining = shown.filter((i) => !isAnswered(answers, i.id)).length;
  return {
    instrument: `${inst.id}@${inst.version}`,
    complete: remaining === 0,
    // Any indicator, strong or medium, is enough to refer for a full assessment by a specialist.
    recommendation: indicators.length > 0 ? 'refer_for_assessment' : 'no_indicators_found',
    indicators,
    flags,
    meansOfControl: [...means].sort(),
    hints: { sectors: [...sectors].sort(), forms: [...forms].sort(), recruitment: [...recruitment].sort() },
    answered,
    declined,
    remaining,
  };
}

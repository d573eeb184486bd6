/**
 * Scores a linkage result against the truth: pairwise precision, recall and F1 over record pairs, plus the
 * false links that join two members of a look-alike group (hard negatives). The matcher is never called here:
 * it reads the PAIRS.csv that `enlace link` wrote.
 */
export interface TruthEntry {
  entity_id: string;
  family_id: string;
  family_kind: string;
}

export interface PairScores {
  predictedPairs: number;
  truePairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** False links between two members of one look-alike group, by kind of group. */
  hardNegativeFalseLinks: Record<string, number>;
  /** Look-alike groups in the data, by kind, and those with at least one false link. */
  hardNegativeGroupsLinked: Record<string, number>;
}

function key(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * `pairs`: predicted links (left_id, right_id). `truth`: person_id → truth entry, for every record of the
 * file(s). True pairs are all pairs of records of one entity (within one file when deduplicating; across
 * the files for two-file linkage when `crossOnly` lists the left ids).
 */
export function scorePairs(
  pairs: readonly (readonly [string, string])[],
  truth: ReadonlyMap<string, TruthEntry>,
  crossOnly?: { left: ReadonlySet<string> },
): PairScores {
  const predicted = new Set<string>();
  for (const [a, b] of pairs) if (a !== b) predicted.add(key(a, b));
  const byEntity = new Map<string, string[]>();
  for (const [id, t] of truth) {
    const list = byEntity.get(t.entity_id) ?? [];
    list.push(id);
    byEntity.set(t.entity_id, list);
  }
  let truePairs = 0;
  let tp = 0;
  for (const ids of byEntity.values()) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        if (crossOnly && crossOnly.left.has(ids[i]!) === crossOnly.left.has(ids[j]!)) continue;
        truePairs++;
        if (predicted.has(key(ids[i]!, ids[j]!))) tp++;
      }
    }
  }
  const hnLinks: Record<string, number> = {};
  const hnGroups = new Map<string, string>();
  for (const k of predicted) {
    const [a, b] = k.split('\u0000') as [string, string];
    const ta = truth.get(a);
    const tb = truth.get(b);
    if (!ta || !tb || ta.entity_id === tb.entity_id) continue;
    if (ta.family_id && ta.family_id === tb.family_id) {
      hnLinks[ta.family_kind] = (hnLinks[ta.family_kind] ?? 0) + 1;
      hnGroups.set(ta.family_id, ta.family_kind);
    }
  }
  const groupsLinked: Record<string, number> = {};
  for (const kind of hnGroups.values()) groupsLinked[kind] = (groupsLinked[kind] ?? 0) + 1;
  const fp = predicted.size - tp;
  const precision = predicted.size ? tp / predicted.size : 1;
  const recall = truePairs ? tp / truePairs : 1;
  return {
    predictedPairs: predicted.size,
    truePairs,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: truePairs - tp,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    hardNegativeFalseLinks: hnLinks,
    hardNegativeGroupsLinked: groupsLinked,
  };
}

/** Formatting of the assisted-evaluation results for the command line and the benchmark. */
import type { EvaluationSummary, EvaluatorStats } from '../core/evaluation';

/** Rounds to 3 decimals (NaN → null, so JSON stays valid). */
export function round(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null;
}

function stats(s: EvaluatorStats) {
  return { detectionRate: round(s.detectionRate), falseApprovalRate: round(s.falseApprovalRate), cleanRejectionRate: round(s.cleanRejectionRate) };
}

/** The reported part of an evaluation: counts, the three evaluators' rates, claim precision and the agent's rebuttals. */
export function summary(s: EvaluationSummary) {
  return {
    n: s.n,
    flawed: s.flawed,
    unassisted: stats(s.unassisted),
    assisted: stats(s.assisted),
    debate: stats(s.debate),
    claimPrecision: round(s.claimPrecision),
    rebuttals: s.rebuttals,
    rebuttalsOfTrueClaims: s.rebuttalsOfTrueClaims,
    acceptedPrecision: round(s.acceptedPrecision),
    acceptedPrecisionDebate: round(s.acceptedPrecisionDebate),
  };
}

type Row = ReturnType<typeof summary> & { level: string };

/** A plain-text table of per-level rows and the overall row. */
export function evaluationTable(rows: readonly Row[], overall: ReturnType<typeof summary>): string {
  const f = (x: number | null) => (x === null ? '  —  ' : x.toFixed(2).padStart(5));
  const head =
    `${'level'.padEnd(12)} ${'flawed/N'.padStart(9)}  detection alone → assisted → debate   false approvals alone → assisted → debate   ` +
    `good plans rejected assisted → debate   claim precision   rebuttals (of true claims)\n`;
  const line = (name: string, r: ReturnType<typeof summary>) =>
    `${name.padEnd(12)} ${`${r.flawed}/${r.n}`.padStart(9)}  ${f(r.unassisted.detectionRate)} → ${f(r.assisted.detectionRate)} → ${f(r.debate.detectionRate)}            ` +
    `${f(r.unassisted.falseApprovalRate)} → ${f(r.assisted.falseApprovalRate)} → ${f(r.debate.falseApprovalRate)}                  ` +
    `${f(r.assisted.cleanRejectionRate)} → ${f(r.debate.cleanRejectionRate)}                 ${f(r.claimPrecision)}             ${String(r.rebuttals).padStart(3)} (${r.rebuttalsOfTrueClaims})\n`;
  return head + rows.map((r) => line(r.level, r)).join('') + line('overall', overall);
}

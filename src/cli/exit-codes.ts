/**
 * raftctl's exit codes (DESIGN.md, "Reports and exit codes"). Over several runs the worst
 * wins: failed over unknown over passed; see `worstExitCode`.
 */
export const ExitCode = {
  passed: 0,
  failed: 1,
  unknown: 2,
  usage: 64,
  internal: 70,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const verdictRank: Record<number, number> = {
  [ExitCode.passed]: 0,
  [ExitCode.unknown]: 1,
  [ExitCode.failed]: 2,
};

/** Combines the exit codes of several runs: 1 over 2 over 0; usage, internal and interrupt win outright. */
export function worstExitCode(codes: readonly number[]): number {
  let worst: number = ExitCode.passed;
  for (const code of codes) {
    const rankOfCode = verdictRank[code];
    const rankOfWorst = verdictRank[worst];
    if (rankOfCode === undefined) return code;
    if (rankOfWorst === undefined || rankOfCode > rankOfWorst) worst = code;
  }
  return worst;
}

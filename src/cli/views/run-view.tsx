import { Box, Static, Text } from "ink";
import { type RunResult, summaryLines } from "../../report/index.js";
import type { RunProgress } from "../../run/index.js";
import { faultsLine, nodesLine, progressLine } from "./run-lines.js";

/**
 * The terminal view of `raftctl run`, in the shape of ink's test-runner example: finished runs
 * stay above (in <Static>, never redrawn) as their summary lines — one line, and for a run that
 * did not meet its expectation what broke and the reproduction command — running ones stay
 * live below with progress, each node's role, term and commit index, and the active faults.
 */
export interface RunViewProps {
  finished: RunResult[];
  /** Runs under way; a run started in a child process may not have reported progress yet. */
  running: (RunProgress | { runKey: string; scenario: string; seed: number })[];
  totals: { planned: number; done: number };
  color: boolean;
}

export function RunView(props: RunViewProps) {
  return (
    <>
      <Static items={props.finished}>
        {(result, index) => (
          <Box key={`${index}:${result.reportDir}`} flexDirection="column">
            {summaryLines(result, { color: props.color }).map((line, lineIndex) => (
              // Lines are never reordered; two may read the same.
              // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here
              <Text key={lineIndex}>{line}</Text>
            ))}
          </Box>
        )}
      </Static>
      {props.running.map((run) => (
        <Box key={run.runKey} flexDirection="column" marginTop={1}>
          {"phase" in run ? (
            <LiveRun progress={run} />
          ) : (
            <Text>{`${run.scenario} seed=${run.seed} starting`}</Text>
          )}
        </Box>
      ))}
      <Box marginTop={1}>
        <Text dimColor>
          {props.totals.done}/{props.totals.planned} runs finished
        </Text>
      </Box>
    </>
  );
}

function LiveRun(props: { progress: RunProgress }) {
  return (
    <>
      <Text>{progressLine(props.progress)}</Text>
      <Text dimColor>{nodesLine(props.progress)}</Text>
      <Text color="yellow">{faultsLine(props.progress)}</Text>
    </>
  );
}

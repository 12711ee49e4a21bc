import { Box, Static, Text } from "ink";
import type { FinishedRun, RunProgress } from "../../run/progress.js";
import { colorer, finishedLine, nodesLine, problemLines, progressLine } from "./run-lines.js";

/**
 * The terminal view of `raftctl run`, in the shape of ink's test-runner example: finished runs
 * stay above as one line each (in <Static>, never redrawn), running ones stay live below.
 */
export interface RunViewProps {
  finished: FinishedRun[];
  running: RunProgress[];
  totals: { planned: number; done: number };
  color: boolean;
}

export function RunView(props: RunViewProps) {
  const paint = colorer(props.color);
  return (
    <>
      <Static items={props.finished}>
        {(run) => (
          <Box key={run.runKey} flexDirection="column">
            <Text>{finishedLine(run, paint)}</Text>
            {problemLines(run, paint).map((line) => (
              <Text key={line}>{line}</Text>
            ))}
          </Box>
        )}
      </Static>
      {props.running.map((progress) => (
        <Box key={progress.runKey} flexDirection="column" marginTop={1}>
          <Text>{progressLine(progress)}</Text>
          <Text dimColor>{nodesLine(progress)}</Text>
          <Text color="yellow">
            {progress.activeFaults.length > 0
              ? `faults: ${progress.activeFaults.join(", ")}`
              : "faults: none"}
          </Text>
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

import { parseScenarioText } from "./load.js";

for (const text of [
  "name: ok\nduration: 10s\nnemesis:\n  - { at: 25s, for: 5s, fault: partition, shape: isolate-node, target: n7 }\n  - {at: 1s, fault: partition, shape: groups, groups: [[n1], [n2, n2]], for: 1s}\n  - {at: 1s, fault: network, links: [n1->n1, n9->n1], for: 1s, drop: 0.5}\n  - {at: 9.5s, fault: crash}\n  - {every: 2s, fault: pause, for: 3s}\n  - {every: 2s, fault: pause, for: 1s, from: 5s, until: 11s}\n  - {random: {faults: [crash], every: [1s, 2s], for: [5s, 6s]}, from: 6s}\n  - {at: 1s, every: 2s, fault: pause, for: 1s}\n  - {at: 1s, from: 1s, fault: pause, for: 1s, until: 3s}\n  - {fault: pause, for: 1s}\n  - {random: {faults: [crash, crash], every: [2s, 1s], for: [1s, 2s]}, fault: crash, at: 1s}\n  - {at: 1s, fault: partition, shape: one-way, target: majority, for: 1s}\n  - {at: 1s, fault: partition, shape: bridge, target: n1, for: 1s}\n  - {at: 1s, fault: clock-skew, for: 1s}\n  - {at: 1s, fault: partition, for: 1s}\n  - {at: 1s, fault: partition, shape: groups, for: 1s}\n",
  "name: ok\nduration: 10s\nnemesis:\n  - { at: 25s, for: 5s, fault: partition, shape: isolate-node, target: n7 }\n  - {at: 1s, fault: partition, shape: groups, groups: [[n1], [n2, n2]], for: 1s}\n  - {at: 1s, fault: network, links: [n1->n1, n9->n1], for: 1s, drop: 0.5}\n  - {at: 9.5s, fault: crash}\n  - {every: 2s, fault: pause, for: 3s}\n  - {every: 2s, fault: pause, for: 1s, from: 5s, until: 11s}\n  - {random: {faults: [crash], every: [1s, 2s], for: [5s, 6s]}, from: 6s}\n",
]) {
  try {
    parseScenarioText(text, "bad.yaml");
    console.log("parsed?!");
  } catch (error) {
    console.log((error as Error).message);
    console.log("---");
  }
}

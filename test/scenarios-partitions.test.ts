import { describeShippedScenarios } from "./support/shipped-scenarios.js";

describeShippedScenarios("partitions");

import { describeShippedScenarios } from "./support/shipped-scenarios.js";

describeShippedScenarios("crashes");

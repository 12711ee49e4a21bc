export {
  checkInvariants,
  InvariantChecker,
  type InvariantCheckerOptions,
} from "./invariant-checker.js";
export { INVARIANT_RULES, type InvariantRule, type InvariantViolation } from "./violation.js";

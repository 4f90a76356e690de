export { AUTONAME_SUFFIX_LENGTH, autonameProblem, checkNames, NAME_LIMITS, NameLimit, nameProblem } from "./names";

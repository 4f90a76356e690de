export { AUTONAME_SUFFIX_LENGTH, autonameProblem, checkNames, EC2_DESCRIPTIONS, ec2DescriptionProblem, NAME_LIMITS, NameLimit, nameProblem } from "./names";

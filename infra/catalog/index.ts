// The traffic catalog: one source of truth for every port that is opened.
export * from "./types";
export { CatalogError, catalogProblems, validateCatalog } from "./validate";
export { CatalogIndex } from "./queries";
export { TICKETTOKEN } from "./tickettoken";

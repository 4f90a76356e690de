// The traffic catalog's shape, validation and queries: what every component
// that opens a port derives from. The data of one platform (TicketToken's
// services and stores) lives in infra/catalog.ts; nothing here knows it.
export * from "./types";
export { CatalogError, catalogProblems, MESH_RESERVED_PORTS, validateCatalog } from "./validate";
export { CatalogIndex, withFeatures } from "./queries";

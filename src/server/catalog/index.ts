/** The legal catalog on the server: built-in taxonomy, NATINF import, the feed workstations pull. */
export { importNatinfFile, CatalogFileError, type ImportProgress, type ImportSummary } from './import';
export { ensureBuiltinCatalog, upsertOffences, catalogPage, type UpsertCounts } from './store';
export { parseNatinfFile, type ParsedNatinfFile } from './natinf-file';
export { decodeText, parseCsv } from './csv';
export { catalogRoutes } from './routes';
export { catalogImportCommand } from './command';

export { directoryRoutes } from './routes';
export { seedDirectory, readDirectory, upsertService, upsertServices, loadServices, directoryVersion, type DirectoryChange } from './directory';
export { directoryDeactivateCommand, directoryExportCommand, directoryImportCommand } from './directory-command';

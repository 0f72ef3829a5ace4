export { directoryRoutes } from './routes';
export { seedDirectory, readDirectory, upsertService, loadServices, directoryVersion } from './directory';

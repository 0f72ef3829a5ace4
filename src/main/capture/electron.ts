// The Electron capture provider, apart from index.ts so that the command line and browser mode, which
// bundle the engine, never pull in 'electron'. Only src/main/app imports this entry (dependency rules).
export { electronProvider } from './providers/electron';
export { isCaptureContents } from './providers/electron-session';

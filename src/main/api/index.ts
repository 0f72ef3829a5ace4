/** The workstation API: services bound to the shared contract, and the browser-mode transport. */
export { createWorkstation, type Workstation, type WorkstationOptions } from './workstation';
export { startWebHost, type WebHost, type WebHostOptions } from './web-host';
export type { KeyProtector } from '../vault';
export type { DemoWebAccess } from './captures';

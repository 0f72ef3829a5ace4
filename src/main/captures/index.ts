// Captures of reports on the workstation (DESIGN §2.3): run the engine on a report's URL, keep the evidence
// encrypted, record the capture for the server (outbox) and upload its WACZ in the background.
export { createCaptureService, type CaptureService, type CaptureServiceDeps } from './service';
export { createUploader, type Uploader, type UploaderDeps } from './uploader';
export { viewOf } from './view';
export { signingKeyOf } from './keys';

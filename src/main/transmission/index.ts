// Transmission of decided reports (DESIGN §1 steps 3 and 5): the signed package for the receiving service,
// its verifier, and the data-preservation requests sent to hosts.
export { buildTransmissionPackage, TRANSMISSION_PROFILE, TRANSMISSION_VERSION } from './package';
export type { PackagedCapture, TransmissionInput, TransmissionResult } from './package';
export type { SummarySection } from './summary';
export { packageKind, verifyTransmissionPackage } from './verify';
export type { CaptureCheck, TransmissionReport } from './verify';
export { writePreservationRequest } from './preservation';
export type { PreservationRequest } from './preservation';
export { decisionSections, outcomeLabel, recipientOf } from './sections';

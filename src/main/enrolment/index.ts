/** Enrolment of this workstation with the central server (pinned certificate, device key pair). */
export { enrolDevice, settingsOf, type EnrolInput } from './enrol';
export { demoSettingsFromEnv } from './demo';

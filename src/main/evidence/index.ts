// Evidence store (DESIGN §2.3, §2.4): capture artifacts encrypted at rest with the vault's data key.
export { openEvidenceStore } from './store';
export type { EvidenceStore } from './store';
export { encryptedFileIndex } from './index-file';
export type { EvidenceIndex, StoredArtifact } from './index-file';

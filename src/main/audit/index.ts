/** The workstation's hash-chained audit log of local actions (src/shared/audit/chain.ts for the format). */
export { appendAudit, appendMutationAudit, auditPushed, auditToPush, auditWaiting, sha256Hex, verifyLocalAudit, type AuditAction } from './log';

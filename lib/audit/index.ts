// Server-side surface of the audit log (lib/db/schema/access.ts holds the table).
export { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, listAudit, recordAudit, type AuditAction, type AuditEntry } from "./record-audit";

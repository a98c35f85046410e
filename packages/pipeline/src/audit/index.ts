export { runAudit, repairLost, type AuditDeps, type AuditReport, type AuditProgress, type LostPage, type RepairResult } from './audit.ts';
export { classifyPage, ENDED_CODES, type PageFacts, type PageVerdict, type LastError } from './classify.ts';
export { startAuditSchedule, lastAuditReport, type AuditSchedule } from './schedule.ts';

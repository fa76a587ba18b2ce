// The JSON report format: the report model (src/report-model/), written as indented JSON.
import { buildReport } from '../report-model/index.js';
import type { AuditResult } from '../types.js';

export function renderJson(audit: AuditResult): string {
  return `${JSON.stringify(buildReport(audit), null, 2)}\n`;
}

export { HumanReporter, formatDuration, type TextSink } from "./human-reporter.js";
export { jsonReport, reportFormatVersion } from "./json-report.js";
export { junitReport } from "./junit-report.js";
export { htmlReport } from "./html-report.js";
export { writeReports, type ReportFiles } from "./write-reports.js";
export { escapeMarkup } from "./markup-escape.js";
export { violationLine } from "./violation-text.js";

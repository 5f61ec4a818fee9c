/**
 * Writes the same large report folder over and over into argv[2] until killed, telling its
 * parent after the first complete write. The crash test kills it at random moments.
 */
import { writeReportFolder } from '../../src/report/write.js';
import { syntheticReport } from '../../src/report/synthetic.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: write-child.ts <dir>');
// Five minutes of synthetic run: every section of the report filled.
const report = syntheticReport({ durationS: 300, errorRate: 0.02 });
let first = true;
for (;;) {
  await writeReportFolder(dir, { ...report, run: { ...report.run, id: `${Date.now()}` } });
  if (first) process.send?.('written');
  first = false;
}

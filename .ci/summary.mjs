// Prints one line per test suite and the plain closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const bySuite = new Map();
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: no report (the run did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      const project = projectOf(suite.name);
      const counts = bySuite.get(project) ?? { passed: 0, failed: 0 };
      if (test.status === "passed") counts.passed += 1;
      else if (test.status === "failed") counts.failed += 1;
      bySuite.set(project, counts);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
}

function projectOf(file) {
  if (file.includes("/tests/e2e/")) return "e2e";
  if (file.includes("/supabase/tests/")) return "database";
  if (file.includes("/tests/functions/")) return "functions";
  if (file.includes("/tests/integration/")) return "integration";
  if (file.includes("/local/")) return "local";
  return "unit";
}

for (const [suite, counts] of [...bySuite].sort()) console.log(`  ${suite.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);

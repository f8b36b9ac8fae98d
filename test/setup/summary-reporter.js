// Prints one plain closing line ("tests: N passed, N failed") that CI systems can read regardless of the runner,
// preceded by the slowest suites, so the time budget of `npm test` can be watched from any CI log.
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const slowest = results.testResults
      .map((suite) => ({
        file: path.relative(process.cwd(), suite.testFilePath),
        seconds: (suite.perfStats.end - suite.perfStats.start) / 1000,
      }))
      .filter((suite) => Number.isFinite(suite.seconds))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 12);
    if (slowest.length > 0) {
      process.stdout.write('\nslowest suites:\n');
      for (const suite of slowest) process.stdout.write(`  ${suite.seconds.toFixed(1).padStart(7)} s  ${suite.file}\n`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + failedSuites;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
module.exports = SummaryReporter;

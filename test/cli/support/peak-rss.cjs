// Preloaded (node -r) into a CLI run by test/cli/memory.test.ts: on exit, write the process's peak
// resident set size (kilobytes, from getrusage) to the file named by CLAIMCHECK_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  writeFileSync(process.env.CLAIMCHECK_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});

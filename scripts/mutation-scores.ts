/**
 * `npm run test:mutation`, second step: the mutation score of every file Stryker mutated,
 * from its JSON report (reports/mutation/mutation.json, the mutation-testing-elements
 * schema), and a failure when any file is under the bar (issue 22: 90%). Stryker's own
 * `thresholds.break` judges only the total. The score is Stryker's: killed and timed-out
 * mutants over all but the ignored (marked equivalent) and the ones that did not compile.
 */
import { readFileSync } from 'node:fs';

const REPORT = 'reports/mutation/mutation.json';
const BAR = 90;

interface Report {
  readonly files: Record<string, { readonly mutants: ReadonlyArray<{ readonly status: string }> }>;
}

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;
const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => {
    const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
    const detected = count('Killed') + count('Timeout');
    const valid = mutants.length - count('Ignored') - count('CompileError') - count('RuntimeError');
    const score = valid === 0 ? 100 : (100 * detected) / valid;
    return {
      file,
      score,
      detected,
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      ignored: count('Ignored'),
    };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

console.log('| file | score | killed | survived | no coverage | marked equivalent |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| \`${row.file}\` | ${row.score.toFixed(1)}% | ${row.detected} | ${row.survived} | ${row.noCoverage} | ${row.ignored} |`,
  );
}
const under = rows.filter((row) => row.score < BAR);
if (under.length > 0) {
  console.error(`under ${BAR}%: ${under.map((row) => row.file).join(', ')}`);
  process.exitCode = 1;
}

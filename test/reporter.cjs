// Mocha's spec reporter plus one closing line with the runner's own totals, which CI reads: "N passed, N failed".
'use strict';
const Spec = require('mocha/lib/reporters/spec');

class SpecWithTotals extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      process.stdout.write(`${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = SpecWithTotals;

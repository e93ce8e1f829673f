import assert from 'node:assert/strict';
import { metricTablesMarkdown, readmeSection } from '../scripts/metrics-doc.js';

describe('README', () => {
  it('has metric tables equal to the sources\' METRICS tables (run `npm run docs` when this fails)', async () => {
    assert.equal(readmeSection(), await metricTablesMarkdown());
  });
});

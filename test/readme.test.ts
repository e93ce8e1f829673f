import assert from 'node:assert/strict';
import { generatedSections, readmeSection, type Section } from '../scripts/docs.js';

describe('README', () => {
  for (const section of ['collectors', 'metrics', 'config'] as Section[]) {
    it(`has the ${section} section the code generates (run \`npm run docs\` when this fails)`, () => {
      assert.equal(readmeSection(section), generatedSections()[section]);
    });
  }
});

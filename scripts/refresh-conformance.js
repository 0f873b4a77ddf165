#!/usr/bin/env node
/**
 * Refreshes test/fixtures/rasp-cases.json from ../shared/conformance/rasp-cases.json when that folder
 * exists beside the repository (the tests read only the copy, so a fresh clone stands alone).
 */
const fs = require('fs');
const path = require('path');

const source = path.resolve(__dirname, '..', '..', 'shared', 'conformance', 'rasp-cases.json');
const target = path.resolve(__dirname, '..', 'test', 'fixtures', 'rasp-cases.json');

if (!fs.existsSync(source)) {
  console.log(`refresh-conformance: ${source} not found; keeping the copy in test/fixtures`);
  process.exit(0);
}
const cases = JSON.parse(fs.readFileSync(source, 'utf8'));
if (!Array.isArray(cases)) throw new Error(`refresh-conformance: ${source} is not an array of cases`);
fs.writeFileSync(target, fs.readFileSync(source));
console.log(`refresh-conformance: copied ${cases.length} cases to ${target}`);

// Runs the Khronos glTF-Validator (npm `gltf-validator`) over GLB files and prints one summary line per file.
// Usage: node validate_gltf.mjs <node_modules dir> file.glb...   Exit code 1 when any file has errors.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const validator = require('gltf-validator');
let failed = 0;
for (const file of files) {
  const data = new Uint8Array(await readFile(file));
  const report = await validator.validateBytes(data, { uri: file, maxIssues: 50 });
  const { numErrors, numWarnings, numInfos, messages } = report.issues;
  console.log(`${file}: ${numErrors} errors, ${numWarnings} warnings, ${numInfos} infos`);
  for (const m of messages) {
    if (m.severity <= 1) console.log(`  ${m.severity === 0 ? 'error' : 'warning'} ${m.code} ${m.pointer ?? ''}: ${m.message}`);
  }
  if (numErrors > 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);

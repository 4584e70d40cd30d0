// `npm test`: typecheck, lint, unit tests, build, web-ext lint, end-to-end tests
// in Chromium and Firefox. Every step runs even when an earlier one fails (except
// those that need the build), and the run ends with one plain line:
// `N passed, N failed` counting every unit test, every e2e test and every check step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
const timings = [];

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${label} ${seconds}s`);
  return result.status === 0;
}

function step(label, command, args) {
  const ok = run(label, command, args);
  if (ok) passed++;
  else {
    failed++;
    console.log(`✗ ${label} failed`);
  }
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
step('lint', 'npm', ['run', '--silent', 'lint:code']);

const vitestReport = join(artifacts, 'vitest.json');
rmSync(vitestReport, { force: true });
const unitOk = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const unit = readJson(vitestReport);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unitOk || unit.numFailedTests > 0 ? 0 : 1);
} else {
  failed++;
}

// The store build; the e2e run makes the dev build (dist-dev/) from it before its tests.
const built = step('build', 'npx', ['vite', 'build']);
if (built) {
  step('web-ext lint', 'npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox']);
  const e2eReport = join(artifacts, 'e2e', 'results.json');
  rmSync(e2eReport, { force: true });
  const e2eOk = run('e2e', 'node', ['--import', 'tsx', 'e2e/run.ts']);
  const e2e = existsSync(e2eReport) ? readJson(e2eReport) : null;
  if (e2e) {
    passed += e2e.passed;
    failed += e2e.failed + (e2eOk || e2e.failed > 0 ? 0 : 1);
  } else {
    failed++;
  }
} else {
  failed += 2;
}

console.log(`\n${timings.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

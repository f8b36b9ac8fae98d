// Installs dependencies exactly as package-lock.json pins them, only when they are missing or out of date.
// Plain JavaScript: it runs before anything is installed or built.
const { execSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

function upToDate() {
  if (!existsSync(installed)) return false;
  // npm keeps a copy of the resolved tree in node_modules; compare versions only.
  const wanted = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(installed, 'utf8')).packages ?? {};
  return Object.entries(wanted).every(
    ([name, meta]) => name === '' || meta.optional || have[name]?.version === meta.version,
  );
}

if (upToDate()) {
  console.log('Dependencies are up to date.');
} else {
  console.log('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}

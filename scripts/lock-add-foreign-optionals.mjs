// The package registry reachable here serves only this platform's native binaries, so `npm install`
// leaves other platforms' optional packages (@next/swc-darwin-*, @tailwindcss/oxide-win32-*, ...) out
// of package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds a lock entry for
// each missing optional dependency with the os/cpu its name states, so `npm ci` skips it on Linux and
// still installs it on the platform it is for. Run after `npm install` when dependencies change.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = { arm64: 'arm64', x64: 'x64', arm: 'arm', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x', wasm32: 'wasm32' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  return { os, cpu };
}

let added = 0;
const out = {};
for (const [key, entry] of Object.entries(packages)) {
  out[key] = entry;
}
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const { os, cpu } = platformOf(dep);
    if (!cpu) continue;
    const stub = { version, optional: true, ...(entry.dev ? { dev: true } : {}), cpu: [cpu] };
    if (os) stub.os = [os];
    out[`node_modules/${dep}`] = stub;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} foreign-platform optional entries`);

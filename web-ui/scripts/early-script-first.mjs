// Post-build step (npm run build): moves the early start-up script (angular.json "scripts":
// src/early-fetch.js, emitted as scripts-<hash>.js) from the end of <body> to the top of <head>, right
// after <base>, and makes it async. At the end of <body> it was requested after the stylesheet and the
// eight modulepreloaded chunks, and on a cold load it started config.json only ~140 ms after the
// document arrived; at the top of <head> it is the first request the page makes. It still needs
// nothing from the DOM (only document.baseURI and location), and the app makes every request itself
// when the early one is not there yet (src/app/core/early-fetch.ts), so async is safe.
// Fails the build when the tag is not found: a silent no-op would lose the speed without a trace.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAG = /<script src="(scripts-[A-Za-z0-9]+\.js)" defer><\/script>/;

/** The index.html text with the early script moved; throws when there is nothing to move. */
export function moveEarlyScript(html) {
  if (/<head>[\s\S]*<script src="scripts-[A-Za-z0-9]+\.js" async><\/script>[\s\S]*<\/head>/.test(html)) return html; // done already
  const m = TAG.exec(html);
  if (!m) throw new Error('early-script-first: no <script src="scripts-*.js" defer> in index.html (angular.json "scripts" changed?)');
  const base = /<base href="[^"]*">/.exec(html);
  if (!base) throw new Error('early-script-first: no <base href> in index.html');
  const without = html.replace(m[0], '');
  const at = without.indexOf(base[0]) + base[0].length;
  return `${without.slice(0, at)}\n  <script src="${m[1]}" async></script>${without.slice(at)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'dist/web/browser/index.html';
  writeFileSync(file, moveEarlyScript(readFileSync(file, 'utf8')));
  console.log(`early-script-first: ${file}: the early script now loads first`);
}

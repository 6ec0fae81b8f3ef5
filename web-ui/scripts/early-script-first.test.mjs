// Unit test of the post-build step that loads the early start-up script first (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveEarlyScript } from './early-script-first.mjs';

const BUILT = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <base href="/">
  <link rel="stylesheet" href="styles-Q5YEU6X4.css">
</head>
<body>
  <app-root></app-root>
<link rel="modulepreload" href="chunk-BVZSQL6L.js"><script src="scripts-SZCDTK6T.js" defer></script><script src="main-CN6Z2CDM.js" type="module"></script></body>
</html>`;

test('moves the scripts bundle right after <base>, async, and removes it from the body', () => {
  const out = moveEarlyScript(BUILT);
  const head = out.slice(0, out.indexOf('</head>'));
  const body = out.slice(out.indexOf('<body>'));
  assert.match(head, /<base href="\/">\n {2}<script src="scripts-SZCDTK6T\.js" async><\/script>/);
  assert.ok(head.indexOf('scripts-SZCDTK6T.js') < head.indexOf('styles-Q5YEU6X4.css'), 'before the stylesheet');
  assert.ok(!body.includes('scripts-SZCDTK6T.js'), 'not loaded twice');
  assert.ok(body.includes('<script src="main-CN6Z2CDM.js" type="module"></script>'), 'main untouched');
});

test('running it twice changes nothing more', () => {
  const once = moveEarlyScript(BUILT);
  assert.equal(moveEarlyScript(once), once);
});

test('fails loudly when the build no longer emits the tag', () => {
  assert.throws(() => moveEarlyScript(BUILT.replace(/<script src="scripts-[^"]+" defer><\/script>/, '')), /no <script src="scripts-\*\.js" defer>/);
});

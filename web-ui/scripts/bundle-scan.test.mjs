// Unit test of the bundle secret scan (node --test): every rule catches a planted example, clean
// bundle code passes, the allow-list is narrow, and the local stack's secrets are known.
// Planted values are assembled from pieces so that this file itself does not look like a leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownSecrets, scanDir, scanText } from './bundle-scan.mjs';

const j = (...parts) => parts.join('');

const PLANTED = {
  'private-key': j('const k=`-----', 'BEGIN RSA PRIVATE KEY', '-----\\nMIIEow...`;'),
  'aws-access-key': j('var s3={id:"', 'AKIA', 'IOSFODNN7EXAMPLE', '"};'),
  'client-secret': j('const c={clientId:"web",client', 'Secret:"s3cr3t-value"};'),
  jwt: j('headers:{Authorization:"Bearer ', 'eyJhbGciOiJSUzI1NiJ9', '.', 'eyJzdWIiOiJ2ZXJhIn0', '.', 'c2lnbmF0dXJlLXZhbHVl', '"}'),
  'url-credentials': j('fetch("https://admin:', 'hunter22', '@db.example.org/x")'),
  'cluster-dns': j('const api="http://viewer-service.medcloud.', 'svc.cluster.local', '/api";'),
  'private-ip-port': j('const kc="', '127.0.0.1', ':8180/realms/medcloud";'),
  'private-ip-url': j('const internal="http://', '10.20.30.40', '/api";'),
  'localhost-port': j('const dev="http://', 'localhost', ':4200/";'),
  'secret-assignment': j('const cfg={pass', 'word:"correct-horse"};'),
};

test('each rule catches its planted example', () => {
  for (const [rule, code] of Object.entries(PLANTED)) {
    const found = scanText('main.js', code, { allow: [] }).map((f) => f.rule);
    assert.ok(found.includes(rule), `${rule} not caught in ${code} (found ${found.join(', ') || 'nothing'})`);
  }
});

test('more shapes: other private ranges, snake_case secrets, line and column', () => {
  const rules = (code) => scanText('a.js', code, { allow: [] }).map((f) => f.rule);
  assert.ok(rules(j('u="', '192.168.1.20', ':9000"')).includes('private-ip-port'));
  assert.ok(rules(j('u="', '172.20.0.3', ':5432"')).includes('private-ip-port'));
  assert.ok(rules(j('client', '_secret=abcdef123456')).includes('client-secret'));
  assert.ok(rules(j('"client', '_secret": "x9y8z7"')).includes('client-secret'));
  assert.ok(rules(j('x="[::1]', ':8080"')).includes('localhost-port'));
  assert.ok(rules(j('api', '_key: "0123456789abcdef"')).includes('secret-assignment'));
  const [f] = scanText('b.js', j('a\nbb\nccc ', 'localhost', ':8080'), { allow: [] });
  assert.deepEqual([f.line, f.column], [3, 5]);
});

test('ordinary bundle code passes', () => {
  const clean = [
    'if(p==="localhost"&&(p=""),r.host=p)',
    'document.baseURI:"http://localhost/"',
    'return{scheme:"",username:"",password:"",host:null,port:null}',
    'n==="text"||n==="password"||t==="select"',
    'n+="//",R8(t)&&(n+=t.username,t.password!==""&&(n+=":"+t.password),n+="@")',
    'const v="10.1.2";const w="version 1.0.0.0";',
    'headers:{Authorization:`Bearer ${token}`}',
    'const c={clientId:e.clientId,scope:e.scope}',
    'fetch(`${base}/api/viewer/me`)',
  ].join('\n');
  assert.deepEqual(scanText('main.js', clean, { allow: [] }), []);
});

test('the allow-list is narrow: rule, file and exact match must all agree', () => {
  const code = j('x="http://', 'localhost', ':3000/"');
  const match = j('localhost', ':3000');
  const allow = [{ rule: 'localhost-port', file: '^chunk-VENDOR\\.js$', match, reason: 'test' }];
  assert.equal(scanText('chunk-VENDOR.js', code, { allow }).length, 0);
  assert.equal(scanText('main.js', code, { allow }).length, 1, 'another file is not allowed');
  assert.equal(scanText('chunk-VENDOR.js', j('x="http://', 'localhost', ':3001/"'), { allow }).length, 1, 'another value is not allowed');
  assert.equal(scanText('chunk-VENDOR.js', j('x="', '127.0.0.1', ':3000"'), { allow }).length, 1, 'another rule is not allowed');
});

test("the local stack's secrets are known and caught in a built tree; binaries are skipped", () => {
  const secrets = knownSecrets();
  assert.ok(secrets.includes(j('medcloud-services', '-local-secret')), `realm service secret missing from ${secrets}`);
  assert.ok(secrets.includes(j('vera', '-password')));

  const dir = mkdtempSync(join(tmpdir(), 'bundle-scan-'));
  try {
    mkdirSync(join(dir, 'browser', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'browser', 'main-ABC.js'), 'console.log("hello");');
    writeFileSync(join(dir, 'browser', 'config.json'), '{"searchApi":"/api/search"}');
    writeFileSync(join(dir, 'browser', 'codec.wasm'), Buffer.from([0, 97, 115, 109]));
    assert.deepEqual(scanDir(dir, { secrets }).findings, []);

    writeFileSync(join(dir, 'browser', 'assets', 'chunk-X.js'), j('const s="', 'medcloud-services', '-local-secret', '";'));
    writeFileSync(join(dir, 'browser', 'config.json'), j('{"auth":{"issuer":"http://', '127.0.0.1', ':8180/realms/medcloud"}}'));
    const { scanned, skipped, findings } = scanDir(dir, { secrets });
    assert.equal(scanned, 3);
    assert.equal(skipped, 1);
    assert.deepEqual(findings.map((f) => `${f.file} ${f.rule}`).sort(), [
      'browser/assets/chunk-X.js stack-secret',
      'browser/config.json private-ip-port',
      'browser/config.json private-ip-url',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

#!/usr/bin/env node
// Secret scan of the production build: fails when the files a browser downloads (web-ui/dist)
// contain anything that looks like a secret or a private endpoint. The bundle is public by
// nature, so a hit here is a leak, not a configuration choice.
//
//   node scripts/bundle-scan.mjs [dir ...]     (default: dist/web; exit 1 on findings, 2 on no build)
//
// Rules: private keys, AWS access key ids, client secrets with a value, JWTs, credentials in URLs,
// in-cluster DNS names, loopback/private IPs with a port (or in a URL), localhost with a port,
// password/secret/token assignments, and the literal secrets of the local test stack (read from
// dev/keycloak/*.json and dev/local-stack/run.sh). Genuine third-party false positives go in
// ALLOW below: one entry per finding, as narrow as possible (rule + file pattern + exact match),
// with the reason.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');

/** Files a browser can read as text; binaries (wasm, images, fonts) are skipped. */
export const TEXT_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.css', '.html', '.htm', '.json', '.txt', '.map', '.svg', '.xml', '.webmanifest', '.md', '.csv', '']);

const PRIVATE_IP = String.raw`(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|169\.254\.\d{1,3}\.\d{1,3}|0\.0\.0\.0)`;

/** Each rule: id, what it means, and a global regex (case-insensitive where it says so). */
export const RULES = [
  { id: 'private-key', what: 'a PEM private key or certificate block', re: /-----BEGIN [A-Z0-9 ]{0,40}(?:PRIVATE KEY|CERTIFICATE|KEY)-----/g },
  { id: 'aws-access-key', what: 'an AWS access key id', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/g },
  {
    id: 'client-secret',
    what: 'an OAuth client secret with a value',
    re: /["']?client[_-]?secret["']?\s*[:=]\s*(?:["'`][^"'`\s]{3,}["'`]|[A-Za-z0-9._~+/-]{8,})/gi,
  },
  { id: 'jwt', what: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { id: 'url-credentials', what: 'a password in a URL', re: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^/\s:@"'`<>(){}]+:[^/\s@"'`<>(){}]+@[a-z0-9.-]+/gi },
  { id: 'cluster-dns', what: 'an in-cluster DNS name', re: /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.svc\.cluster\.local\b|\b[a-z0-9-]+\.svc(?:\.cluster)?:\d{2,5}\b/gi },
  { id: 'private-ip-port', what: 'a loopback or private IP with a port', re: new RegExp(String.raw`\b${PRIVATE_IP}:\d{2,5}\b`, 'g') },
  { id: 'private-ip-url', what: 'a URL to a loopback or private IP', re: new RegExp(String.raw`\bhttps?://${PRIVATE_IP}\b`, 'gi') },
  { id: 'localhost-port', what: 'localhost with a port', re: /\blocalhost:\d{2,5}\b|\[::1\]:\d{2,5}/gi },
  {
    id: 'secret-assignment',
    what: 'a password, secret, API key or token assigned a literal value',
    re: /["']?\b(?:password|passwd|pwd|secret|secret[_-]?key|api[_-]?key|access[_-]?token|refresh[_-]?token|private[_-]?key|aws[_-]?secret[_-]?access[_-]?key)["']?\s*[:=]\s*["'`][^"'`\s]{6,}["'`]/gi,
  },
];

/**
 * Genuine third-party false positives, allowed one by one: {rule, file (regex on the path relative
 * to the scanned dir), match (exact text found), reason}. Keep it empty unless a library needs it.
 */
export const ALLOW = [];

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Literal secrets of the local test stack, which must never reach a bundle: client secrets and
 * user passwords of the Keycloak realm files, and the *_SECRET* / *PASSWORD* / *ACCESS_KEY
 * defaults of the local stack script. Values shorter than 6 characters are ignored.
 */
export function knownSecrets(repo = REPO) {
  const out = new Set();
  const keycloak = join(repo, 'dev', 'keycloak');
  if (existsSync(keycloak)) {
    for (const f of readdirSync(keycloak).filter((n) => n.endsWith('.json'))) {
      const walk = (node, key) => {
        if (Array.isArray(node)) node.forEach((n) => walk(n, key));
        else if (node && typeof node === 'object') {
          const isCredential = node.type === 'password' && typeof node.value === 'string';
          if (isCredential) out.add(node.value);
          for (const [k, v] of Object.entries(node)) walk(v, k);
        } else if (typeof node === 'string' && /^(secret|clientSecret|client_secret|password)$/i.test(key ?? '')) out.add(node);
      };
      try {
        walk(JSON.parse(readFileSync(join(keycloak, f), 'utf8')));
      } catch {
        /* not JSON: nothing to learn */
      }
    }
  }
  const runSh = join(repo, 'dev', 'local-stack', 'run.sh');
  if (existsSync(runSh)) {
    const text = readFileSync(runSh, 'utf8');
    for (const m of text.matchAll(/\$\{[A-Z0-9_]*(?:SECRET|PASSWORD|ACCESS_KEY)[A-Z0-9_]*:=([^}]+)\}/g)) out.add(m[1].replace(/^["']|["']$/g, ''));
  }
  return [...out].filter((s) => s.length >= 6);
}

function rulesWith(secrets) {
  if (!secrets.length) return RULES;
  return [
    ...RULES,
    { id: 'stack-secret', what: 'a secret of the local test stack (Keycloak realm / run.sh)', re: new RegExp(secrets.map(escapeRe).join('|'), 'g') },
  ];
}

/** Shows where a finding is without printing the whole secret. */
function redact(match) {
  return match.length <= 12 ? match.slice(0, 4) + '…' : match.slice(0, 10) + '…' + `(${match.length} chars)`;
}

function lineCol(text, index) {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: index - last };
}

/** Findings in one text: [{rule, what, file, line, column, match}] minus allowed ones. */
export function scanText(file, text, { secrets = [], allow = ALLOW } = {}) {
  const findings = [];
  for (const rule of rulesWith(secrets)) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const allowed = allow.some((a) => a.rule === rule.id && new RegExp(a.file).test(file) && a.match === m[0]);
      if (allowed) continue;
      findings.push({ rule: rule.id, what: rule.what, file, ...lineCol(text, m.index), match: m[0] });
    }
  }
  return findings;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* files(path);
    else if (st.isFile()) yield path;
  }
}

/** Scans every text file under `dir`; returns {scanned, skipped, findings}. */
export function scanDir(dir, options = {}) {
  const secrets = options.secrets ?? knownSecrets();
  const result = { scanned: 0, skipped: 0, findings: [] };
  for (const path of files(dir)) {
    if (!TEXT_EXTENSIONS.has(extname(path).toLowerCase())) {
      result.skipped++;
      continue;
    }
    result.scanned++;
    const rel = relative(dir, path).split('\\').join('/');
    result.findings.push(...scanText(rel, readFileSync(path, 'utf8'), { secrets, allow: options.allow ?? ALLOW }));
  }
  return result;
}

function main(args) {
  const dirs = args.length ? args : ['dist/web'];
  let failed = false;
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      console.error(`bundle-scan: ${dir} does not exist: build first (npm run build)`);
      process.exit(2);
    }
    const { scanned, skipped, findings } = scanDir(dir);
    if (scanned === 0) {
      console.error(`bundle-scan: no text files under ${dir}: build first (npm run build)`);
      process.exit(2);
    }
    for (const f of findings) {
      console.error(`${join(dir, f.file)}:${f.line}:${f.column}: ${f.rule}: ${f.what}: ${redact(f.match)}`);
    }
    console.log(`bundle-scan: ${dir}: ${scanned} files scanned (${skipped} binary skipped), ${findings.length} finding(s)`);
    failed ||= findings.length > 0;
  }
  if (failed) {
    console.error('bundle-scan: FAILED: remove the secret or endpoint from the build (config belongs in config.json at deploy time), or allow a genuine third-party false positive narrowly in scripts/bundle-scan.mjs ALLOW');
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}

// Apache mod_auth_digest: a wrong password (curl --digest, both legs), a
// nonce reused after it expired (stale=true), and a `uri` that is not the
// request target. The last two are written as a client would send them, the
// response computed for real with the right password.
import { createHash, randomBytes } from 'node:crypto';
import { startApache } from '../apache.mjs';

const REALM = 'Private Zone';
const md5 = (s) => createHash('md5').update(s).digest('hex');

/** The server's Digest challenge parameters, from a plain request. */
function challenge(lab, url) {
  const out = lab.run('curl', ['-sS', '-o', '/dev/null', '-D', '-', url]);
  const line = out.split(/\r?\n/).find((l) => /^www-authenticate: digest/i.test(l));
  if (!line) throw new Error(`no Digest challenge from ${url}:\n${out}`);
  return Object.fromEntries([...line.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
}

/** An Authorization header for `uri`, computed as RFC 7616 says (MD5, qop=auth). */
function authorization(c, user, password, method, uri) {
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const ha1 = md5(`${user}:${c.realm}:${password}`);
  const response = md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
  return `Authorization: Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", `
    + `algorithm=MD5, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

export async function record(lab) {
  lab.file('www/private/index.html', '<h1>Private</h1>\n');
  // htdigest's format, written directly: user:realm:MD5(user:realm:password). Test-only.
  lab.file('htdigest', `alice:${REALM}:${md5(`alice:${REALM}:open-sesame`)}\n`);
  const { base } = await startApache(lab, `DocumentRoot {{TMP}}/www
<Directory {{TMP}}/www>
  Require all granted
</Directory>
<Location /private/>
  AuthType Digest
  AuthName "${REALM}"
  AuthDigestDomain /private/
  AuthDigestProvider file
  AuthUserFile {{TMP}}/htdigest
  AuthDigestNonceLifetime 2
  Require valid-user
</Location>`);
  const url = `${base}/private/`;
  lab.capture('wrong-password.curl.txt', lab.curl(['--digest', '-u', 'alice:open-sesam', url]));

  const old = challenge(lab, url);
  await new Promise((r) => setTimeout(r, 3500));
  lab.capture('stale-nonce.curl.txt', lab.curl(['-H', authorization(old, 'alice', 'open-sesame', 'GET', '/private/'), url]));

  const fresh = challenge(lab, url);
  lab.capture('uri-mismatch.curl.txt', lab.curl(['-H', authorization(fresh, 'alice', 'open-sesame', 'GET', '/private/'), `${url}index.html`]));
  lab.capture('correct.curl.txt', lab.curl(['--digest', '-u', 'alice:open-sesame', url]));
}

// Apache .htaccess Basic auth (AuthType Basic, AuthUserFile, Require
// valid-user): a wrong password, then the right password sent with the
// trailing newline of `echo user:pass | base64`.
import { startApache } from '../apache.mjs';

export async function record(lab) {
  lab.file('www/members/index.html', '<h1>Members</h1>\n');
  lab.file('www/members/.htaccess', `AuthType Basic
AuthName "Members Area"
AuthUserFile ${lab.tmp}/htpasswd
Require valid-user
`);
  // Test-only password, hashed by Debian's htpasswd (bcrypt).
  lab.run('htpasswd', ['-cbB', `${lab.tmp}/htpasswd`, 'alice', 'open-sesame']);
  const { base } = await startApache(lab, `DocumentRoot {{TMP}}/www
<Directory {{TMP}}/www>
  AllowOverride AuthConfig
  Require all granted
</Directory>`);
  const url = `${base}/members/`;
  lab.capture('wrong-password.curl.txt', lab.curl(['-u', 'alice:open-sesam', url]));
  lab.capture('wrong-password.wget.txt', lab.wget(['--user=alice', '--password=open-sesam', url]));
  // What `echo alice:open-sesame | base64` puts in a hand-written header.
  const echoed = Buffer.from('alice:open-sesame\n').toString('base64');
  lab.capture('trailing-newline.curl.txt', lab.curl(['-H', `Authorization: Basic ${echoed}`, url]));
  lab.capture('correct.curl.txt', lab.curl(['-u', 'alice:open-sesame', url]));
}

// Squid forward proxy with Basic proxy auth: no credentials, a wrong proxy
// password, and `curl -u` (origin credentials) where `--proxy-user` was needed.
import { freePort } from '../lib.mjs';

export async function record(lab) {
  const port = await freePort();
  lab.run('htpasswd', ['-cbm', `${lab.tmp}/passwd`, 'alice', 'proxy-pass']); // test-only
  // Squid writes its logs as its own user.
  lab.run('install', ['-d', '-o', 'proxy', `${lab.tmp}/squid`]);
  const conf = lab.template('squid.conf', { PORT: port });
  await lab.start('/usr/sbin/squid', ['-N', '-f', conf], { port });
  const proxy = ['-x', `http://127.0.0.1:${port}`];
  // Squid refuses before it resolves the name, so the target need not exist.
  const target = 'http://intranet.lab.test/report';
  lab.capture('no-credentials.curl.txt', lab.curl([...proxy, target]));
  lab.capture('wrong-password.curl.txt', lab.curl([...proxy, '--proxy-user', 'alice:proxy-pas', target]));
  lab.capture('origin-credentials.curl.txt', lab.curl([...proxy, '-u', 'alice:proxy-pass', target]));
  lab.capture('no-credentials.wget.txt', lab.wget(['-e', 'use_proxy=yes', '-e', `http_proxy=http://127.0.0.1:${port}`, target]));
}

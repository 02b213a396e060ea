// nginx auth_basic: a wrong password, no credentials, a challenge without
// realm, and a 401 page with no WWW-Authenticate at all.
import { freePort } from '../lib.mjs';

export async function record(lab) {
  const port = await freePort();
  // htpasswd in nginx's own {PLAIN} form, so no apache2-utils is needed; test-only secret.
  lab.file('htpasswd', 'alice:{PLAIN}correct-horse\n');
  lab.file('www/admin/index.html', 'welcome\n');
  const conf = lab.template('nginx.conf', { PORT: port });
  await lab.start('/usr/sbin/nginx', ['-c', conf, '-p', lab.tmp], { port });
  const base = `http://127.0.0.1:${port}`;
  lab.capture('wrong-password.curl.txt', lab.curl(['-u', 'alice:battery-staple', `${base}/admin/`]));
  lab.capture('wrong-password.wget.txt', lab.wget(['--user=alice', '--password=battery-staple', '--auth-no-challenge', `${base}/admin/`]));
  lab.capture('no-credentials.curl.txt', lab.curl([`${base}/admin/`]));
  lab.capture('no-realm.curl.txt', lab.curl([`${base}/norealm/`]));
  lab.capture('no-challenge.curl.txt', lab.curl([`${base}/api/`]));
}

// Credentials that never reach the application: Apache hands PHP-FPM no
// Authorization without CGIPassAuth, and nginx drops a key header whose name
// has underscores. The same PHP API behind both, plus the fixed Apache path.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../lib.mjs';
import { startApache } from '../apache.mjs';

export async function record(lab) {
  const fpmPort = await freePort();
  const api = readFileSync(join(lab.dir, 'api.php'), 'utf8');
  lab.file('www/api.php', api);
  lab.file('www/fixed/api.php', api);
  const fpmConf = lab.template('php-fpm.conf', { PORT: fpmPort });
  // -R: the lab runs as root (the pool itself runs as www-data).
  const fpm = readdirSync('/usr/sbin').find((f) => /^php-fpm[\d.]+$/.test(f));
  if (!fpm) throw new Error('no /usr/sbin/php-fpmX.Y (Debian package php-fpm)');
  await lab.start(`/usr/sbin/${fpm}`, ['-R', '-F', '-n', '-y', fpmConf], { port: fpmPort });

  const { base } = await startApache(lab, `DocumentRoot {{TMP}}/www
<Directory {{TMP}}/www>
  Require all granted
</Directory>
<FilesMatch "\\.php$">
  SetHandler "proxy:fcgi://127.0.0.1:${fpmPort}"
</FilesMatch>
<Directory {{TMP}}/www/fixed>
  CGIPassAuth On
</Directory>`);
  const token = ['-H', 'Authorization: Bearer lab-token-7f3a9c'];
  lab.capture('apache-php-fpm-no-cgipassauth.curl.txt', lab.curl([...token, `${base}/api.php`]));
  lab.capture('apache-php-fpm-cgipassauth.curl.txt', lab.curl([...token, `${base}/fixed/api.php`]));

  const nginxPort = await freePort();
  const conf = lab.template('nginx.conf', { PORT: nginxPort, FPM_PORT: fpmPort });
  await lab.start('/usr/sbin/nginx', ['-c', conf, '-p', lab.tmp], { port: nginxPort });
  const nginx = `http://127.0.0.1:${nginxPort}/api.php`;
  lab.capture('nginx-underscore-header.curl.txt', lab.curl(['-H', 'X_Api_Key: lab-key-5d1e', nginx]));
  lab.capture('nginx-dash-header.curl.txt', lab.curl(['-H', 'X-Api-Key: lab-key-5d1e', nginx]));
}

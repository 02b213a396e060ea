// A throwaway Apache httpd for the lab: Debian's binary with a config of our
// own (no /etc/apache2), in the foreground, on one 127.0.0.1 port.
import { freePort } from './lib.mjs';

const MODULES = [
  'mpm_event', 'authn_core', 'authn_file', 'authz_core', 'authz_user', 'auth_basic',
  'auth_digest', 'alias', 'dir', 'mime', 'env', 'headers', 'proxy', 'proxy_fcgi', 'auth_gssapi',
];

/** Starts Apache with `body` (directives; `{{TMP}}`/`{{PORT}}` filled) and returns its base URL. */
export async function startApache(lab, body, { modules = [], env = {}, hosts = ['127.0.0.1'] } = {}) {
  const port = await freePort();
  const conf = `ServerRoot /etc/apache2
DefaultRuntimeDir {{TMP}}
PidFile {{TMP}}/apache.pid
Mutex file:{{TMP}}
${[...MODULES.filter((m) => m !== 'auth_gssapi'), ...modules].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}
${hosts.map((h) => `Listen ${h}:{{PORT}}`).join('\n')}
ServerName 127.0.0.1
User www-data
Group www-data
ErrorLog {{TMP}}/apache-error.log
LogLevel info
TypesConfig /etc/mime.types
DirectoryIndex index.html
<Directory />
  AllowOverride None
  Require all denied
</Directory>
${body}
`;
  const path = lab.file('httpd.conf', conf, { TMP: lab.tmp, PORT: port });
  await lab.start('/usr/sbin/apache2', ['-f', path, '-DFOREGROUND'], { port, env });
  return { port, base: `http://127.0.0.1:${port}` };
}

// Kerberos on one host: an MIT KDC (krb5kdc, realm LAB.TEST) and Apache with
// mod_auth_gssapi. curl --negotiate with a ticket (works), without one, and
// against a name whose service key Apache does not hold (the KDC knows
// HTTP/127.0.0.2, Apache's keytab only HTTP/localhost).
import { mkdirSync } from 'node:fs';
import { freePort } from '../lib.mjs';
import { startApache } from '../apache.mjs';

export async function record(lab) {
  const kdcPort = await freePort();
  mkdirSync(`${lab.tmp}/kdc`);
  lab.file('kdc/kadm5.acl', '');
  const krb5 = lab.template('krb5.conf', { KDC_PORT: kdcPort });
  const kdc = lab.template('kdc.conf', { KDC_PORT: kdcPort });
  const env = { KRB5_CONFIG: krb5, KRB5_KDC_PROFILE: kdc, KRB5CCNAME: `FILE:${lab.tmp}/ccache` };
  // curl, kinit and kadmin.local read them too; put back for the scenarios after this one.
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await recordWith(lab, env, kdcPort);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

async function recordWith(lab, env, kdcPort) {
  const admin = (query) => lab.run('kadmin.local', ['-r', 'LAB.TEST', '-q', query]);
  lab.run('kdb5_util', ['create', '-s', '-r', 'LAB.TEST', '-P', 'lab-master-key']);
  admin('addprinc -pw lab-alice-pw alice');
  admin('addprinc -randkey HTTP/localhost');
  admin('addprinc -randkey HTTP/127.0.0.2');
  admin(`ktadd -k ${lab.tmp}/http.keytab HTTP/localhost`);
  lab.run('chmod', ['644', `${lab.tmp}/http.keytab`]); // test-only keytab, read by www-data
  await lab.start('/usr/sbin/krb5kdc', ['-n', '-r', 'LAB.TEST'], { port: kdcPort, env });

  lab.file('www/intranet/index.html', '<h1>Intranet</h1>\n');
  const { port } = await startApache(lab, `DocumentRoot {{TMP}}/www
<Directory {{TMP}}/www>
  Require all granted
</Directory>
<Location /intranet/>
  AuthType GSSAPI
  AuthName "Intranet"
  GssapiCredStore keytab:{{TMP}}/http.keytab
  GssapiAllowedMech krb5
  Require valid-user
</Location>`, { modules: ['auth_gssapi'], env, hosts: ['127.0.0.1', '127.0.0.2'] });
  const path = '/intranet/';
  lab.capture('no-ticket.curl.txt', lab.curl(['--negotiate', '-u', ':', `http://localhost:${port}${path}`]));
  lab.run('kinit', ['alice@LAB.TEST'], { input: 'lab-alice-pw\n' });
  lab.capture('ticket.curl.txt', lab.curl(['--negotiate', '-u', ':', `http://localhost:${port}${path}`]));
  lab.capture('wrong-service-key.curl.txt', lab.curl(['--negotiate', '-u', ':', `http://127.0.0.2:${port}${path}`]));
}

/** Credentials found in text by scanning (rules/lib/secrets.ts), shared by the rules that read values. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSecret, findSecrets, findSecretsScanningAll, isLiteralSecret, isSecretKeyName, type SecretKind } from '../../server/src/rules/lib/secrets.js';
import { fc } from '../support/property.js';

const kinds = (text: string) => findSecrets(text).map((m) => `${m.kind}:${text.slice(m.start, m.end).split('\n')[0]}`);
/** The first credential a whole value is proved to hold by its form, as secret-in-env asks. */
const kindOf = (text: string) => findSecrets(text).find((m) => m.certain)?.kind;

describe('findSecrets on whole values', () => {
  it('recognises secrets by what they are', () => {
    assert.equal(kindOf('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----'), 'private-key');
    assert.equal(kindOf('-----BEGIN ENCRYPTED PRIVATE KEY-----'), 'private-key');
    assert.equal(kindOf('AKIAIOSFODNN7EXAMPLE'), 'aws-access-key');
    assert.equal(kindOf('id=ASIAY34FZKBOKMUTVV7A;'), 'aws-access-key');
    assert.equal(kindOf('{"type":"service_account","private_key":"x"}'), 'gcp-service-account-key');
    assert.equal(kindOf('AIzaSyA1234567890abcdefghijklmnopqrstuv'), 'google-api-key');
    assert.equal(kindOf('ghp_0123456789abcdefghijklmnopqrstuvwxyz'), 'github-token');
    assert.equal(kindOf('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r'), 'jwt');
    assert.equal(kindOf('Authorization: bearer abcdefghijklmnopqrstuvwxyz012345'), 'bearer-token');
    assert.equal(kindOf('amqp://guest:guest@rabbit:5672/'), 'url-password');
  });

  it('leaves alone what only looks like one', () => {
    for (const text of [
      '-----BEGIN CERTIFICATE-----',
      '-----BEGIN PUBLIC KEY-----',
      'AKIA',
      'AKIAIOSFODNN7EXAMPLEX',
      'akiaiosfodnn7example',
      'Bearer $(TOKEN)',
      'Bearer',
      'https://user@example.com',
      'https://user:${PASSWORD}@example.com',
      'https://example.com/a:b@c',
      'eyJhbGciOiJIUzI1NiJ9',
      'ghp_short',
      '',
    ]) assert.equal(kindOf(text), undefined, text);
  });

  it('takes time linear in the text', () => {
    for (const unit of ['://a:', '-----BEGIN ', 'bearer ', 'eyJ.', 'AKIA', '@:', 'a']) {
      const text = unit.repeat(200_000 / unit.length);
      const started = performance.now();
      findSecrets(text);
      assert.ok(performance.now() - started < 2000, `${JSON.stringify(unit)}: ${Math.round(performance.now() - started)} ms`);
    }
  });
});

describe('findSecrets in configuration files', () => {
  it('finds a PEM private key with its END line, not a certificate or a description of the format', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oD\n-----END EC PRIVATE KEY-----\n';
    assert.deepEqual(kinds(key), ['private-key:-----BEGIN EC PRIVATE KEY-----']);
    assert.deepEqual(kinds('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0FUaGVSb290Q0E\n-----END CERTIFICATE-----\n'), []);
    assert.deepEqual(kinds('the key starts with -----BEGIN RSA PRIVATE KEY-----'), []);
    assert.deepEqual(kinds(`# ${key.replace(/\n/g, '\n# ')}`), []);
  });

  it('finds tokens by the prefixes their issuers give them, whole words only', () => {
    assert.deepEqual(kinds('key=AKIA2OGYBAH6TQKZ7W4N'), ['aws-access-key:AKIA2OGYBAH6TQKZ7W4N']);
    assert.deepEqual(kinds('key=AKIAIOSFODNN7EXAMPLE'), []);
    assert.deepEqual(kinds('key=XAKIA2OGYBAH6TQKZ7W4N'), []);
    assert.deepEqual(kinds('key=AKIA2OGYBAH6TQKZ7W4Nabc'), []);
    assert.deepEqual(kinds(`t: ghp_${'a1'.repeat(18)}`), [`github-token:ghp_${'a1'.repeat(18)}`]);
    assert.deepEqual(kinds('t: ghp_short'), []);
  });

  it('finds JSON Web Tokens and bearer tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    assert.deepEqual(kinds(`token: ${jwt}`), [`jwt:${jwt}`]);
    assert.deepEqual(kinds('Authorization: Bearer 0123456789abcdefghijABCDEFGHIJ'), ['bearer-token:0123456789abcdefghijABCDEFGHIJ']);
    assert.deepEqual(kinds('Authorization: Bearer $TOKEN'), []);
    assert.deepEqual(kinds('# Authorization: Bearer 0123456789abcdefghijABCDEFGHIJ'), []);
  });

  it('finds Slack, Stripe and GitLab tokens and a GCP service account key where they are written', () => {
    assert.deepEqual(kinds(`SLACK=xoxb-${'1234567890'.repeat(3)}`), [`slack-token:xoxb-${'1234567890'.repeat(3)}`]);
    assert.deepEqual(kinds(`stripe: sk_live_${'a1B2'.repeat(6)}`), [`stripe-key:sk_live_${'a1B2'.repeat(6)}`]);
    assert.deepEqual(kinds(`gitlab: glpat-${'x1y2'.repeat(5)}`), [`gitlab-token:glpat-${'x1y2'.repeat(5)}`]);
    const key = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "a@b.iam.gserviceaccount.com"\n}\n';
    assert.deepEqual(kinds(key), ['gcp-service-account-key:"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"']);
    assert.deepEqual(kinds('{"type": "authorized_user", "private_key": "x"}'), []);
  });

  it('reads a documentation example or a BEGIN line as an example inside a text, as a credential when it is the whole value', () => {
    assert.deepEqual(kinds('AKIAIOSFODNN7EXAMPLE'), ['aws-access-key:AKIAIOSFODNN7EXAMPLE']);
    assert.deepEqual(kinds('for example AKIAIOSFODNN7EXAMPLE'), []);
    assert.deepEqual(kinds('  -----BEGIN RSA PRIVATE KEY-----\n'), ['private-key:-----BEGIN RSA PRIVATE KEY-----']);
  });

  it('finds passwords in URLs, not users alone, placeholders or usage texts', () => {
    assert.deepEqual(kinds('url: postgres://app:hunter22@db:5432/app'), ['url-password:hunter22']);
    assert.deepEqual(kinds('url: redis://:s3cr3tpw@redis:6379'), ['url-password:s3cr3tpw']);
    assert.deepEqual(kinds('url: postgres://app@db:5432/app'), []);
    assert.deepEqual(kinds('url: postgres://app:${DB_PASSWORD}@db/app'), []);
    assert.deepEqual(kinds('url: http[s]://[username:passwd@]host[:port]'), []);
    assert.deepEqual(kinds('url: https://host:8443/path@x'), []);
  });

  it('finds password-like keys of embedded files given a literal, not comments, references or names', () => {
    assert.deepEqual(kinds('spring.datasource.password=Sup3rS3cret!\n'), ['keyed-password:Sup3rS3cret!']);
    assert.deepEqual(kinds('auth:\n  password: "hunter22"\n'), ['keyed-password:hunter22']);
    assert.deepEqual(kinds('{"clientSecret": "abcd1234efgh",\n'), ['keyed-password:abcd1234efgh']);
    assert.deepEqual(kinds('# password=hunter22\n'), []);
    assert.deepEqual(kinds('password=${DB_PASSWORD}\npassword_file=/run/secrets/db\nexistingSecret: app\npasswordKey: admin-password\ntoken_ttl=3600\n'), []);
  });
});

describe('describeSecret', () => {
  it('gives every kind its own phrase', () => {
    const all: SecretKind[] = ['private-key', 'gcp-service-account-key', 'aws-access-key', 'google-api-key', 'github-token', 'gitlab-token', 'slack-token', 'stripe-key', 'jwt', 'bearer-token', 'url-password', 'keyed-password'];
    const phrases = all.map(describeSecret);
    assert.equal(new Set(phrases).size, all.length);
    assert.equal(describeSecret('aws-access-key'), 'an AWS access key');
  });
});

describe('secret names and literal values', () => {
  it('knows names that hold a secret from names that point at one', () => {
    for (const name of ['DB_PASSWORD', 'api-key', 'clientSecret', 'GITHUB_TOKEN', 'aws_secret_access_key']) assert.ok(isSecretKeyName(name), name);
    for (const name of ['DB_PASSWORD_FILE', 'TOKEN_TTL', 'secretName', 'tokenizer', 'existingSecret', 'PASSWORD_MIN_LENGTH', 'LOG_LEVEL']) assert.ok(!isSecretKeyName(name), name);
  });

  it('takes placeholders, references, switches and numbers for what they are', () => {
    for (const value of ['hunter22', 's3cr3t-Pa55']) assert.ok(isLiteralSecret(value), value);
    for (const value of ['', 'abc', '${X}', '$(X)', '{{ .Values.x }}', '<password>', '/run/secrets/x', 'true', '****', 'xxxxxxxx', '12345', 'changeme', 'ENC(abc)']) assert.ok(!isLiteralSecret(value), value);
  });

  it('scans in linear time', () => {
    const long = [
      'a:'.repeat(50_000),
      '://'.repeat(50_000),
      'eyJ'.repeat(50_000),
      '-----BEGIN '.repeat(20_000),
      '-----BEGIN RSA PRIVATE KEY-----'.repeat(20_000),
      'AKIA'.repeat(50_000),
      `${' '.repeat(50_000)}${'Bearer x'.repeat(20_000)}`,
      'password=hunter22\n'.repeat(20_000),
    ].join('\n');
    const started = process.hrtime.bigint();
    findSecrets(long);
    // Linear scanning takes a fraction of a second; a quadratic one takes minutes. The bound leaves room for a loaded machine.
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 10_000);
  });
});

describe('findSecrets on large texts edited a line at a time', () => {
  // Lines of an embedded file: credentials of every kind, comments, lines that only look like them.
  const LINES = [
    '      "id": 12,',
    '      "expr": "sum(rate(http_requests_total[5m]))",',
    'db.password=hunter2hunter2',
    '  token: ghp_0123456789abcdefghijklmnopqrstuvwxyz',
    '# url: https://user:secret@example.com/',
    'url: https://user:s3cr3tpass@example.com/path',
    'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345',
    'jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r',
    'key = AKIAIOSFODNN7EXAMPL2',
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
    '-----END RSA PRIVATE KEY-----',
    '"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n"',
    '',
    '    ',
  ];
  const base = Array.from({ length: 3000 }, (_, n) => (n % 97 === 5 ? LINES[2 + ((n / 97) | 0) % (LINES.length - 2)]! : LINES[n % 2]!)).join('\n');
  const EDITS: readonly ((lines: string[], at: number, pick: number) => void)[] = [
    (lines, at, pick) => lines.splice(at, 0, LINES[pick % LINES.length]!),
    (lines, at) => lines.splice(at, 1),
    (lines, at, pick) => (lines[at] = `${lines[at]}${'x=:@# '[pick % 6]}`),
    (lines, at) => (lines[at] = lines[at]!.slice(0, -1)),
    (lines, at, pick) => (lines[at] = LINES[pick % LINES.length]!),
    (lines, at) => lines.splice(at, 2, `${lines[at]}${lines[at + 1] ?? ''}`),
  ];

  it('finds what a scan of the whole text finds', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ edit: fc.nat(EDITS.length - 1), at: fc.integer({ min: 0, max: 9999 }), pick: fc.nat(100), back: fc.nat(5) }), { minLength: 1, maxLength: 10 }), (steps) => {
        const versions = [base];
        assert.deepStrictEqual(findSecrets(base), findSecretsScanningAll(base));
        for (const step of steps) {
          // Now and then an earlier version again (an undo), else an edit of the latest.
          const text = step.back === 0 && versions.length > 1 ? versions[step.pick % versions.length]! : (() => {
            const lines = versions[versions.length - 1]!.split('\n');
            EDITS[step.edit]!(lines, Math.floor((step.at / 10_000) * lines.length), step.pick);
            return lines.join('\n');
          })();
          versions.push(text);
          assert.deepStrictEqual(findSecrets(text), findSecretsScanningAll(text));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds credentials in a large text', () => {
    const found = findSecrets(base).map((m) => m.kind);
    for (const kind of ['keyed-password', 'github-token', 'url-password', 'bearer-token', 'jwt', 'private-key', 'gcp-service-account-key'] as const) assert.ok(found.includes(kind), kind);
  });
});

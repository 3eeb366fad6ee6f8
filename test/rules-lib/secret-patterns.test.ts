/** Credentials found in configuration text by scanning (rules/lib/secret-patterns.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSecrets, isLiteralSecret, isSecretKeyName } from '../../server/src/rules/lib/secret-patterns.js';

const kinds = (text: string) => findSecrets(text).map((m) => `${m.kind}:${text.slice(m.start, m.end).split('\n')[0]}`);

describe('findSecrets', () => {
  it('finds a PEM private key with its END line, not a certificate or a description of the format', () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oD\n-----END EC PRIVATE KEY-----\n';
    assert.deepEqual(kinds(key), ['private key:-----BEGIN EC PRIVATE KEY-----']);
    assert.deepEqual(kinds('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0FUaGVSb290Q0E\n-----END CERTIFICATE-----\n'), []);
    assert.deepEqual(kinds('the key starts with -----BEGIN RSA PRIVATE KEY-----'), []);
    assert.deepEqual(kinds(`# ${key.replace(/\n/g, '\n# ')}`), []);
  });

  it('finds tokens by the prefixes their issuers give them, whole words only', () => {
    assert.deepEqual(kinds('key=AKIA2OGYBAH6TQKZ7W4N'), ['access key:AKIA2OGYBAH6TQKZ7W4N']);
    assert.deepEqual(kinds('key=AKIAIOSFODNN7EXAMPLE'), []);
    assert.deepEqual(kinds('key=XAKIA2OGYBAH6TQKZ7W4N'), []);
    assert.deepEqual(kinds('key=AKIA2OGYBAH6TQKZ7W4Nabc'), []);
    assert.deepEqual(kinds(`t: ghp_${'a1'.repeat(18)}`), [`token:ghp_${'a1'.repeat(18)}`]);
    assert.deepEqual(kinds('t: ghp_short'), []);
  });

  it('finds JSON Web Tokens and bearer tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    assert.deepEqual(kinds(`token: ${jwt}`), [`token:${jwt}`]);
    assert.deepEqual(kinds('Authorization: Bearer 0123456789abcdefghijABCDEFGHIJ'), ['token:0123456789abcdefghijABCDEFGHIJ']);
    assert.deepEqual(kinds('Authorization: Bearer $TOKEN'), []);
  });

  it('finds passwords in URLs, not users alone, placeholders or usage texts', () => {
    assert.deepEqual(kinds('url: postgres://app:hunter22@db:5432/app'), ['password in a URL:hunter22']);
    assert.deepEqual(kinds('url: redis://:s3cr3tpw@redis:6379'), ['password in a URL:s3cr3tpw']);
    assert.deepEqual(kinds('url: postgres://app@db:5432/app'), []);
    assert.deepEqual(kinds('url: postgres://app:${DB_PASSWORD}@db/app'), []);
    assert.deepEqual(kinds('url: http[s]://[username:passwd@]host[:port]'), []);
    assert.deepEqual(kinds('url: https://host:8443/path@x'), []);
  });

  it('finds password-like keys of embedded files given a literal, not comments, references or names', () => {
    assert.deepEqual(kinds('spring.datasource.password=Sup3rS3cret!\n'), ['password:Sup3rS3cret!']);
    assert.deepEqual(kinds('auth:\n  password: "hunter22"\n'), ['password:hunter22']);
    assert.deepEqual(kinds('{"clientSecret": "abcd1234efgh",\n'), ['password:abcd1234efgh']);
    assert.deepEqual(kinds('# password=hunter22\n'), []);
    assert.deepEqual(kinds('password=${DB_PASSWORD}\npassword_file=/run/secrets/db\nexistingSecret: app\npasswordKey: admin-password\ntoken_ttl=3600\n'), []);
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

/** Secrets recognised by their value (rules/lib/secret-values.ts), shared by the rules that read literal values. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSecretValue } from '../../server/src/rules/lib/secret-values.js';

describe('findSecretValue', () => {
  const kindOf = (text: string) => findSecretValue(text)?.kind;

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
      findSecretValue(text);
      assert.ok(performance.now() - started < 2000, `${JSON.stringify(unit)}: ${Math.round(performance.now() - started)} ms`);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFromRegistry, parseImage } from '../../server/src/rules/lib/image.js';

describe('parseImage', () => {
  it('resolves Docker Hub short names', () => {
    assert.deepEqual(parseImage('nginx'), { registry: 'docker.io', repository: 'library/nginx' });
    assert.deepEqual(parseImage('nginx:1.27'), { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' });
    assert.deepEqual(parseImage('team/api:2'), { registry: 'docker.io', repository: 'team/api', tag: '2' });
    assert.deepEqual(parseImage('index.docker.io/nginx'), { registry: 'docker.io', repository: 'library/nginx' });
  });
  it('tells a registry port from a tag', () => {
    assert.deepEqual(parseImage('registry.local:5000/img'), { registry: 'registry.local:5000', repository: 'img' });
    assert.deepEqual(parseImage('localhost:5000/a/b:v1'), { registry: 'localhost:5000', repository: 'a/b', tag: 'v1' });
  });
  it('reads digests, with or without a tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(parseImage(`ghcr.io/acme/app@${digest}`), { registry: 'ghcr.io', repository: 'acme/app', digest });
    assert.deepEqual(parseImage(`ghcr.io/acme/app:1.0@${digest}`), { registry: 'ghcr.io', repository: 'acme/app', tag: '1.0', digest });
  });
});

describe('isFromRegistry', () => {
  it('matches a registry host exactly', () => {
    assert.equal(isFromRegistry(parseImage('ghcr.io/acme/app:1'), 'ghcr.io'), true);
    assert.equal(isFromRegistry(parseImage('ghcr.io.evil.com/app:1'), 'ghcr.io'), false);
    assert.equal(isFromRegistry(parseImage('nginx'), 'docker.io'), true);
    assert.equal(isFromRegistry(parseImage('registry.local:5000/img'), 'registry.local:5000'), true);
    assert.equal(isFromRegistry(parseImage('registry.local:5000/img'), 'registry.local'), false);
  });
  it('matches a host/path prefix at path boundaries', () => {
    assert.equal(isFromRegistry(parseImage('nginx:1.27'), 'docker.io/library'), true);
    assert.equal(isFromRegistry(parseImage('ghcr.io/acme/app'), 'ghcr.io/acme'), true);
    assert.equal(isFromRegistry(parseImage('ghcr.io/acme-evil/app'), 'ghcr.io/acme'), false);
    assert.equal(isFromRegistry(parseImage('team/api'), 'docker.io/library'), false);
  });
});

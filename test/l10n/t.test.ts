import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { listAnd, listOr, setLocale, t, toLocale, translateText, useCatalogForTesting } from '../../server/src/l10n/t.js';

describe('t', () => {
  afterEach(() => {
    useCatalogForTesting(undefined);
    setLocale('en');
  });

  it('puts parameters in place, in the order the template names them', () => {
    assert.equal(t('{1} before {0}', 'a', 'b'), 'b before a');
    assert.equal(t('container "{0}"', 'web'), 'container "web"');
  });

  it('leaves braces that name no parameter as written', () => {
    assert.equal(t('{{x}} and {} and {7}', 'a'), '{{x}} and {} and {7}');
  });

  it('reads the locale from VS Code tags and POSIX variables; anything else is English', () => {
    assert.equal(toLocale('zh-cn'), 'zh-cn');
    assert.equal(toLocale('zh-CN'), 'zh-cn');
    assert.equal(toLocale('zh_CN.UTF-8'), 'zh-cn');
    assert.equal(toLocale('zh-Hans'), 'zh-cn');
    assert.equal(toLocale('zh-TW'), 'en');
    assert.equal(toLocale('de_DE.UTF-8'), 'en');
    assert.equal(toLocale(undefined), 'en');
  });

  it('joins lists in the active language', () => {
    assert.equal(listOr(['--a']), '--a');
    assert.equal(listOr(['--a', '--b']), '--a or --b');
    assert.equal(listAnd(['Node', 'RBAC', 'Webhook']), 'Node, RBAC and Webhook');
    setLocale('zh-cn');
    assert.equal(listAnd(['Node', 'RBAC', 'Webhook']), 'Node、RBAC和Webhook');
  });

  it('takes a test catalog until told to go back to the catalog of the locale', () => {
    setLocale('zh-cn');
    useCatalogForTesting({ 'container "{0}"': '<{0}>', 'Privileged containers': '<<P>>' });
    assert.equal(t('container "{0}"', 'web'), '<web>');
    assert.equal(translateText('Privileged containers'), '<<P>>');
    useCatalogForTesting(undefined);
    assert.equal(t('container "{0}"', 'web'), '容器 "web"');
  });
});

/** Where a template lands in a document, and what its placeholders default to there. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSeparator, isWholeObject, withDocumentDefaults } from '../../client/src/templates/placement.js';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${1:default-deny}\n  namespace: ${2:team-a}\nspec:\n  podSelector: {}\n';
const FRONTEND = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${1:backend-allow-frontend}\n  namespace: ${2:team-a}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${3:backend}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${4:frontend}\n';

describe('template placement', () => {
  it('starts a new YAML document when the document holds something', () => {
    assert.equal(documentSeparator(''), undefined);
    assert.equal(documentSeparator('\n  \n'), undefined);
    assert.equal(documentSeparator(DEPLOYMENT), '---\n');
    assert.equal(documentSeparator('kind: Pod'), '\n---\n');
  });

  it('tells whole objects from blocks inserted inside one', () => {
    assert.equal(isWholeObject(DENY), true);
    assert.equal(isWholeObject('securityContext:\n  runAsNonRoot: true\n'), false);
  });

  it('defaults the namespace to the file\'s, and a policy\'s pod selector to the workload\'s app label', () => {
    assert.match(withDocumentDefaults(DENY, DEPLOYMENT), /namespace: \$\{2:shop\}/);
    const frontend = withDocumentDefaults(FRONTEND, DEPLOYMENT);
    assert.match(frontend, /podSelector:\n {4}matchLabels:\n {6}app: \$\{3:api\}/);
    assert.match(frontend, /app: \$\{4:frontend\}/, 'the peer stays a placeholder to choose');
    assert.equal(withDocumentDefaults(DENY, ''), DENY);
    assert.match(withDocumentDefaults(DENY, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-b\n'), /namespace: \$\{2:tenant-b\}/);
  });
});

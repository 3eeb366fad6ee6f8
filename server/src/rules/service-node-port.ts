import { describeObject } from '../engine/k8s.js';
import { getMap, itemsAt, scalarAt } from '../engine/model.js';
import { defineRule } from '../engine/rule.js';
import { serviceTypeNode } from './lib/service.js';
import { t } from '../l10n/t.js';

export default defineRule({
  meta: {
    id: 'service-node-port',
    title: 'NodePort Services',
    severity: 'info',
    category: 'network',
    rationale:
      'A NodePort Service opens its port on every node of the cluster, on every node address. Anything that can reach a node reaches the service, bypassing ingress controllers, load balancer source ranges and often the firewalls drawn around the application.',
    remediation: 'Prefer a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with `loadBalancerSourceRanges`. Where a NodePort is needed, restrict access to the node ports at the network level.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
    fixable: false,
  },
  checkObject(object, context) {
    const type = serviceTypeNode(object, 'NodePort');
    if (!type) return;
    const nodePorts = itemsAt(getMap(object.node, 'spec'), 'ports').flatMap((port) => {
      const value = scalarAt(port, 'nodePort');
      return value === undefined || value === null ? [] : [String(value)];
    });
    const message =
      nodePorts.length === 0
        ? t('{0} is of type NodePort: it opens a port from the node port range on every node of the cluster.', describeObject(object))
        : nodePorts.length === 1
          ? t('{0} is of type NodePort: it opens port {1} on every node of the cluster.', describeObject(object), nodePorts[0]!)
          : t('{0} is of type NodePort: it opens ports {1} on every node of the cluster.', describeObject(object), nodePorts.join(', '));
    context.report({ at: type, message });
  },
});

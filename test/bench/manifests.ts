/**
 * Generated multi-document manifests of a given size: a realistic mix of workloads (some with
 * insecure settings), services and config maps, each document named uniquely.
 */
const deployment = (n: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${n}
  namespace: shop
  labels:
    app: web-${n}
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web-${n}
  template:
    metadata:
      labels:
        app: web-${n}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: registry.example.com/shop/web:1.${n % 50}.0
          ports:
            - containerPort: 8080
              name: http
          env:
            - name: LOG_LEVEL
              value: "info"
            - name: CACHE_SIZE
              value: "${n % 512}"
          securityContext:
            privileged: ${n % 7 === 0 ? 'true' : 'false'}
            runAsNonRoot: true
            allowPrivilegeEscalation: false
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
`;

const service = (n: number) => `apiVersion: v1
kind: Service
metadata:
  name: web-${n}
  namespace: shop
spec:
  selector:
    app: web-${n}
  ports:
    - name: http
      port: 80
      targetPort: http
`;

const configMap = (n: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-${n}-config
  namespace: shop
data:
  # settings read at start-up
  app.properties: |
    server.port=8080
    cache.size=${n % 512}
    feature.flags=a,b,c
  LOG_FORMAT: json
`;

const KINDS = [deployment, service, configMap];

/** A multi-document manifest of about `lines` lines (never fewer). */
export function generateManifests(lines: number): string {
  const documents: string[] = [];
  let count = 0;
  for (let n = 0; count < lines; n++) {
    const document = KINDS[n % KINDS.length]!(n);
    documents.push(document);
    count += document.split('\n').length; // the document's lines plus its `---`
  }
  return documents.join('---\n');
}

/**
 * One ConfigMap of about `lines` lines holding one large embedded file (a dashboard's JSON, as
 * monitoring stacks ship them): a single document, so an edit anywhere is an edit of it.
 */
export function generateConfigMapDocument(lines: number): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: dashboards', '  namespace: monitoring', '  labels:', '    grafana_dashboard: "1"', 'data:', '  cluster.json: |', '    {', '      "title": "Cluster",', '      "panels": ['];
  for (let n = 0; out.length < lines - 4; n++) {
    out.push('        {', `          "id": ${n},`, `          "title": "Panel ${n}",`, '          "type": "timeseries",', `          "targets": [{"expr": "sum(rate(http_requests_total{job=\\"web-${n % 40}\\"}[5m]))"}],`, `          "gridPos": {"h": 8, "w": 12, "x": ${(n % 2) * 12}, "y": ${n * 8}}`, '        },');
  }
  out.push('        {"id": -1}', '      ]', '    }', '');
  return out.join('\n');
}

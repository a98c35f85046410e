import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { SETTINGS } from '@ingest/config';
import { PipelineMetrics } from '@ingest/metrics';
import type { PipelineStats, QueueSet } from '@ingest/queue';

// Static checks of everything that deploys the services: no cluster or Docker engine needed.
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  image: string;
  args: string[];
  envFrom: unknown[];
  ports: { name: string; containerPort: number }[];
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe: Probe;
}
/** The fields of the manifests these checks read; the JSON schemas check the rest. */
interface Doc {
  __file: string;
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; terminationGracePeriodSeconds: number; securityContext: { runAsNonRoot: boolean } } };
    scaleTargetRef: { name: string };
    minReplicaCount: number;
    maxReplicaCount: number;
    triggers: { metadata: { listName: string; addressFromEnv: string }; authenticationRef: { name: string } }[];
    secretTargetRef: { key: string }[];
  };
}
interface Compose {
  services: Record<string, { command?: string[]; profiles?: string[]; deploy: { replicas: string }; volumes: string[] }>;
}
interface Dashboard {
  templating: { list: { name: string; type: string; query: string }[] };
  panels: { type: string; datasource: { uid: string }; targets: { expr: string; datasource: { uid: string } }[] }[];
}

const SERVICES = readdirSync(`${root}services`).sort();
/** Each worker service's stage, read from its main.ts (`stages: ['fetch']`). */
const STAGE_OF: Record<string, string> = Object.fromEntries(
  SERVICES.flatMap((s) => {
    const m = /stages: \['(\w+)'\]/.exec(read(`services/${s}/src/main.ts`));
    return m ? [[s, m[1]!]] : [];
  }),
);
const WORKERS = Object.keys(STAGE_OF);
const ENV_VARS = new Set(Object.values(SETTINGS).map((s) => s.env));
const entrypointNames = /case "\$\{1:-all\}" in\n\s+([\w|]+)\)/.exec(read('infra/entrypoint.sh'))![1]!.split('|');

function k8sDocs(): Doc[] {
  const dir = 'infra/k8s/base';
  return readdirSync(`${root}${dir}`)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(read(`${dir}/${f}`)).map((d) => ({ ...(d.toJS() as Omit<Doc, '__file'>), __file: f })))
    .filter((d) => d.kind);
}

function validators(): Record<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const dir = 'infra/k8s/schemas';
  const byKind: Record<string, ValidateFunction> = {};
  for (const f of readdirSync(`${root}${dir}`)) {
    const schema = JSON.parse(read(`${dir}/${f}`)) as { properties: { kind: { const: string } } };
    byKind[schema.properties.kind.const] = ajv.compile(schema);
  }
  return byKind;
}

describe('Kubernetes manifests (infra/k8s/base)', () => {
  const docs = k8sDocs();
  const of = (kind: string) => docs.filter((d) => d.kind === kind);
  const configMap = of('ConfigMap')[0]!.data as Record<string, string>;
  const secret = of('Secret')[0]!.stringData as Record<string, string>;

  it('validate against the bundled schemas; the kustomization lists every file', () => {
    const byKind = validators();
    for (const d of docs) {
      const { __file, ...doc } = d;
      const validate = byKind[d.kind];
      expect(validate, `no schema for ${d.kind}`).toBeDefined();
      const ok = validate!(doc);
      expect(ok ? [] : validate!.errors!.map((e) => `${__file} ${d.kind}/${d.metadata.name}${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
    }
    const kustomization = parse(read('infra/k8s/base/kustomization.yaml')) as { resources: string[] };
    expect(byKind.Kustomization!(kustomization), JSON.stringify(byKind.Kustomization!.errors)).toBe(true);
    expect([...kustomization.resources].sort()).toEqual([...new Set(docs.map((d) => d.__file))].sort());
  });

  it('run every service from the one image with probes on the ports the service serves', () => {
    const deployments = of('Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(SERVICES);
    for (const d of deployments) {
      const name = d.metadata.name;
      expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
      expect(d.spec.template.metadata.labels['app.kubernetes.io/name']).toBe(name);
      const c = d.spec.template.spec.containers[0]!;
      expect(c.image).toBe(name === 'renderer' ? 'ingest-pipeline-renderer' : 'ingest-pipeline');
      expect(entrypointNames).toContain(c.args[0]);
      expect(c.args[0]).toBe(name);
      const ports = Object.fromEntries(c.ports.map((p) => [p.name, p.containerPort]));
      expect(ports.metrics).toBe(Number(configMap.METRICS_PORT));
      if (name === 'api') expect(ports.http).toBe(Number(configMap.API_PORT));
      for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect(Object.keys(ports), name).toContain(probe.httpGet.port);
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(configMap.SHUTDOWN_TIMEOUT_MS));
      expect(d.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(c.envFrom).toEqual([{ configMapRef: { name: of('ConfigMap')[0]!.metadata.name } }, { secretRef: { name: of('Secret')[0]!.metadata.name } }]);
    }
  });

  it('set only known settings (KEDA-only keys excepted) and keep secrets out of the ConfigMap', () => {
    const kedaOnly = new Set(['REDIS_ADDRESS', 'REDIS_PASSWORD']);
    for (const key of [...Object.keys(configMap), ...Object.keys(secret)]) expect(ENV_VARS.has(key as never) || kedaOnly.has(key), key).toBe(true);
    for (const key of ['API_KEY', 'MEILI_MASTER_KEY', 'S3_SECRET_ACCESS_KEY']) {
      expect(configMap[key], key).toBeUndefined();
      expect(secret[key], key).toBeDefined();
    }
  });

  it('autoscale every worker with KEDA on its own BullMQ wait list', () => {
    const scaled = of('ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual([...WORKERS].sort());
    const auth = of('TriggerAuthentication').map((a) => a.metadata.name);
    for (const s of scaled) {
      const worker = s.spec.scaleTargetRef.name;
      const trigger = s.spec.triggers[0]!;
      expect(trigger.metadata.listName).toBe(`${configMap.QUEUE_PREFIX}:${STAGE_OF[worker]}:wait`);
      expect(configMap[trigger.metadata.addressFromEnv], 'address env set in the ConfigMap').toBeDefined();
      expect(auth).toContain(trigger.authenticationRef.name);
      expect(s.spec.maxReplicaCount).toBeGreaterThanOrEqual(s.spec.minReplicaCount);
    }
    for (const ref of of('TriggerAuthentication').flatMap((a) => a.spec.secretTargetRef)) expect(Object.keys(secret)).toContain(ref.key);
  });
});

describe('docker compose, Prometheus and Grafana', () => {
  const compose = parse(read('docker-compose.yml')) as Compose;

  it('compose runs every service from the image, each worker with settable replicas, and a monitoring profile', () => {
    for (const s of SERVICES) {
      expect(compose.services[s]?.command, s).toEqual([s]);
      expect(compose.services[s]!.profiles, s).toBeUndefined();
    }
    for (const w of WORKERS) expect(String(compose.services[w]!.deploy.replicas)).toBe(`\${${w.toUpperCase()}_REPLICAS:-1}`);
    for (const m of ['prometheus', 'grafana']) {
      expect(compose.services[m]!.profiles).toEqual(['monitoring']);
      for (const v of compose.services[m]!.volumes) {
        if (v.startsWith('./')) expect(existsSync(`${root}${v.split(':')[0]}`), v).toBe(true);
      }
    }
  });

  it('Prometheus scrapes every service on the default METRICS_PORT', () => {
    const prom = parse(read('infra/prometheus/prometheus.yml')) as { scrape_configs: { dns_sd_configs: { names: string[]; port: number }[] }[] };
    const sd = prom.scrape_configs[0]!.dns_sd_configs[0]!;
    expect([...sd.names].sort()).toEqual(SERVICES);
    expect(sd.port).toBe(SETTINGS.metricsPort.schema.parse(undefined));
  });

  it('the Grafana dashboard and the alerts query only series the services export', () => {
    const metrics = new PipelineMetrics({ service: 'x', queues: {} as QueueSet, stats: { counts: async () => ({}) } as unknown as PipelineStats, extraction: { flagged: async () => [] } });
    const families = metrics.registry.getMetricsAsArray().map((m) => m.name);
    const known = (name: string) => families.some((f) => name === f || name === `${f}_bucket` || name === `${f}_sum` || name === `${f}_count`);
    const dashboard = JSON.parse(read('infra/grafana/dashboards/ingest.json')) as Dashboard;
    // A datasource variable, not a hard-coded uid, so the dashboard imports into any Grafana.
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    const exprs: string[] = [];
    for (const p of dashboard.panels) {
      if (p.type === 'row') continue;
      expect(p.datasource.uid).toBe('${datasource}');
      for (const t of p.targets) {
        expect(t.datasource.uid).toBe('${datasource}');
        exprs.push(t.expr);
      }
    }
    const alerts = parse(read('infra/prometheus/alerts.yml')) as { groups: { rules: { expr: string }[] }[] };
    for (const r of alerts.groups[0]!.rules) exprs.push(r.expr);
    const used = new Set(exprs.flatMap((e) => e.match(/\b(?:ingest|process|nodejs)_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(known(name), `${name} is not exported`).toBe(true);
  });
});

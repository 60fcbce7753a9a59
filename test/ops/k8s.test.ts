import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { SUBGRAPH_NAMES } from '../../gateway/src/subgraphs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const K8S = `${ROOT}deploy/k8s/`;

/** The Kubernetes OpenAPI schemas, compiled (kubernetes-models): offline, per kind and apiVersion. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- walked below, checked by the schema first
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const manifests: (Manifest & { file: string })[] = readdirSync(K8S)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((file) => parseAllDocuments(readFileSync(K8S + file, 'utf8')).map((d) => ({ ...(d.toJS() as Manifest), file })));

const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('deploy/k8s manifests', () => {
  it('every document is valid against the Kubernetes schema of its kind', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const m of manifests) {
      const Model = MODELS[`${m.apiVersion}/${m.kind}`];
      expect(Model, `${m.file}: no schema for ${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(() => new Model!(m as never).validate(), `${m.file}: ${m.kind} ${m.metadata.name}`).not.toThrow();
    }
  });

  it('the schema check catches a broken manifest', () => {
    const gateway = structuredClone(named('Deployment', 'retail360-gateway')!);
    gateway.spec.replicas = 'three';
    expect(() => new Deployment(gateway as never).validate()).toThrow(/replicas/);
    delete gateway.spec.template.spec.containers[0].name;
    gateway.spec.replicas = 3;
    expect(() => new Deployment(gateway as never).validate()).toThrow(/name/);
  });

  it('has the gateway and one Deployment + Service + HPA + PDB per subgraph, each selecting its own pods', () => {
    const apps = ['gateway', ...SUBGRAPH_NAMES].map((n) => `retail360-${n}`);
    for (const app of apps) {
      const deployment = named('Deployment', app);
      expect(deployment, app).toBeDefined();
      const podLabels = deployment!.spec.template.metadata.labels as Record<string, string>;
      expect(matches(deployment!.spec.selector.matchLabels, podLabels), `${app} selector`).toBe(true);
      expect(matches(named('Service', app)!.spec.selector, podLabels), `${app} Service`).toBe(true);
      expect(matches(named('PodDisruptionBudget', app)!.spec.selector.matchLabels, podLabels), `${app} PDB`).toBe(true);
      if (app !== 'retail360-gateway') {
        // The container serves the subgraph its name says, on the port its Service targets.
        const c = deployment!.spec.template.spec.containers[0];
        expect(c.command.slice(-2), `${app} command`).toEqual([app.replace('retail360-', ''), String(c.ports[0].containerPort)]);
      }
      const hpa = named('HorizontalPodAutoscaler', app)!;
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });

  it('every container: probes on its own port, resource requests and limits, not root, config from the ConfigMap and Secret', () => {
    for (const d of ofKind('Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, d.metadata.name).toBe(true);
      for (const c of pod.containers) {
        const where = `${d.metadata.name}/${c.name}`;
        const port = c.ports[0].name;
        expect(c.livenessProbe.httpGet, where).toEqual({ path: '/health', port });
        expect(c.readinessProbe.httpGet.path, where).toBe(d.metadata.name === 'retail360-gateway' ? '/ready' : '/health');
        expect(c.resources.requests.cpu && c.resources.requests.memory, where).toBeTruthy();
        expect(c.resources.limits.cpu && c.resources.limits.memory, where).toBeTruthy();
        expect(c.securityContext.allowPrivilegeEscalation, where).toBe(false);
        const refs = c.envFrom.map(
          (e: { configMapRef?: { name: string }; secretRef?: { name: string } }) => e.configMapRef?.name ?? e.secretRef?.name,
        );
        expect(refs, where).toEqual(['retail360-config', 'retail360-secrets']);
        expect(named('ConfigMap', 'retail360-config')).toBeDefined();
        expect(named('Secret', 'retail360-secrets')).toBeDefined();
      }
    }
    // The drain fits in the grace period, or Kubernetes kills in-flight requests.
    const config = named('ConfigMap', 'retail360-config')!.data!;
    const gateway = named('Deployment', 'retail360-gateway')!;
    expect((Number(config.SHUTDOWN_DELAY_MS) + Number(config.DRAIN_TIMEOUT_MS)) / 1000).toBeLessThan(
      gateway.spec.template.spec.terminationGracePeriodSeconds,
    );
  });

  it('the ConfigMap and Secret are a configuration the gateway accepts, with every subgraph routed to its Service', () => {
    const env = { ...named('ConfigMap', 'retail360-config')!.data, ...named('Secret', 'retail360-secrets')!.stringData };
    const config = readConfig(env, [], DEMO_CREDENTIALS);
    expect(config.mode).toBe('distributed');
    expect(config.systems.redisUrl).toMatch(/^redis:/);
    expect(Object.keys(config.ops.subgraphUrls ?? {}).sort()).toEqual([...SUBGRAPH_NAMES].sort());
    for (const [name, url] of Object.entries(config.ops.subgraphUrls!)) {
      const service = named('Service', `retail360-${name}`)!;
      expect(url).toBe(`http://retail360-${name}:${service.spec.ports[0].port}/graphql`);
    }
  });

  it('the Dockerfile is multi-stage, installs production dependencies only and runs as a non-root user', () => {
    const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const [, src] of dockerfile.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?(\S+) /gm)) {
      expect(() => readFileSync(`${ROOT}${src}`), src).not.toThrow(/ENOENT/);
    }
    const ignore = readFileSync(`${ROOT}.dockerignore`, 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', '.env']) expect(ignore).toContain(entry);
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
  });
});

// The namespaces of the Kubernetes layer: the app namespace (Pod Security
// `restricted` enforced, sidecar injection on, a ResourceQuota and a
// LimitRange from config) and the platform namespaces of the mesh, the
// gateway's controller and the load balancer controller.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appNamespacePlan, NamespacePlan, platformNamespacePlans } from "./namespacePlan";
import { ContainerDefaults, KUBERNETES_DEFAULTS, NamespaceQuota, PlatformNamespace } from "./types";

export interface NamespacesArgs {
    /** The Kubernetes minor version the Pod Security labels are pinned to (the cluster's). */
    readonly kubernetesVersion: string;
    /** Limits of the app namespace as a whole. */
    readonly quota: NamespaceQuota;
    /** Requests and limits of containers in the app namespace that set none. */
    readonly containerDefaults: ContainerDefaults;
    /** Name of the app namespace. @default "tickettoken" */
    readonly appNamespace?: string;
}

export class Namespaces extends pulumi.ComponentResource {
    /** The app namespace's name (plain: policies and releases are keyed by it). */
    readonly appNamespace: string;
    /** Every namespace this component created, by name. */
    readonly namespaces: ReadonlyMap<string, k8s.core.v1.Namespace>;
    /** The plans they were created from. */
    readonly plans: readonly NamespacePlan[];

    constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:kubernetes:Namespaces", name, {}, opts);
        this.appNamespace = args.appNamespace ?? KUBERNETES_DEFAULTS.appNamespace;
        this.plans = [appNamespacePlan(this.appNamespace, args.kubernetesVersion), ...platformNamespacePlans(args.kubernetesVersion)];
        const namespaces = new Map<string, k8s.core.v1.Namespace>();
        for (const plan of this.plans) {
            namespaces.set(plan.name, new k8s.core.v1.Namespace(`${name}-${plan.name}`, {
                metadata: { name: plan.name, labels: { ...plan.labels }, annotations: { "tickettoken/pod-security": plan.why } },
            }, { parent: this }));
        }
        this.namespaces = namespaces;
        const app = { parent: this, dependsOn: [namespaces.get(this.appNamespace)!] };
        const q = args.quota;
        new k8s.core.v1.ResourceQuota(`${name}-${this.appNamespace}-quota`, {
            metadata: { name: "compute", namespace: this.appNamespace },
            spec: {
                hard: {
                    "requests.cpu": q.requestsCpu,
                    "requests.memory": q.requestsMemory,
                    "limits.cpu": q.limitsCpu,
                    "limits.memory": q.limitsMemory,
                    pods: `${q.pods}`,
                    // Nothing in the app namespace may ask AWS for a load balancer or a node port: the edge is the ALB alone.
                    "services.loadbalancers": "0",
                    "services.nodeports": "0",
                },
            },
        }, app);
        const d = args.containerDefaults;
        new k8s.core.v1.LimitRange(`${name}-${this.appNamespace}-limits`, {
            metadata: { name: "container-defaults", namespace: this.appNamespace },
            spec: {
                limits: [{
                    type: "Container",
                    defaultRequest: { cpu: d.requestCpu, memory: d.requestMemory },
                    default: { cpu: d.limitCpu, memory: d.limitMemory },
                }],
            },
        }, app);
        this.registerOutputs({ namespaces: [...namespaces.keys()] });
    }

    /** A namespace this component created; throws for any other name. */
    namespace(name: string): k8s.core.v1.Namespace {
        const ns = this.namespaces.get(name);
        if (!ns) {
            throw new Error(`no namespace "${name}" in the Kubernetes layer (have: ${[...this.namespaces.keys()].join(", ")})`);
        }
        return ns;
    }

    /** A platform namespace. */
    platform(name: PlatformNamespace): k8s.core.v1.Namespace {
        return this.namespace(name);
    }
}

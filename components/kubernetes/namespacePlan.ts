// Pure plan of the namespaces: their Pod Security Admission labels and the
// labels that switch on sidecar injection and ALB readiness gates.
import { PlatformNamespace, PodSecurityLevel } from "./types";

/** One namespace to create. */
export interface NamespacePlan {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    /** Why it runs at its Pod Security level. */
    readonly why: string;
}

/**
 * Pod Security Admission labels: `level` enforced, and audited and warned
 * about too, each pinned to the cluster's Kubernetes version so that an
 * upgrade never tightens or loosens a standard unannounced.
 */
export function podSecurityLabels(level: PodSecurityLevel, kubernetesVersion: string): Record<string, string> {
    if (!/^\d+\.\d+$/.test(kubernetesVersion)) {
        throw new Error(`Pod Security labels: Kubernetes version "${kubernetesVersion}" must be major.minor, like 1.34`);
    }
    const version = `v${kubernetesVersion}`;
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = level;
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return labels;
}

/**
 * Every platform namespace runs `restricted`: each chart here is configured
 * to satisfy it (non-root, no capabilities, RuntimeDefault seccomp). Istio's
 * CNI agent, the one component that needs host access, runs in kube-system
 * beside the other node agents (aws-node, kube-proxy), not here.
 */
const PLATFORM: Readonly<Record<PlatformNamespace, { level: PodSecurityLevel; why: string }>> = {
    "istio-system": { level: "restricted", why: "istiod runs non-root with no capabilities; the CNI agent that programs pods' iptables lives in kube-system" },
    kong: { level: "restricted", why: "the Kong ingress controller runs non-root, read-only, with no capabilities" },
    "aws-load-balancer-controller": { level: "restricted", why: "the controller runs non-root, read-only, with no capabilities and a RuntimeDefault seccomp profile" },
};

/** The app namespace: restricted, sidecars injected, ALB readiness gates on its pods. */
export function appNamespacePlan(name: string, kubernetesVersion: string): NamespacePlan {
    return {
        name,
        labels: {
            ...podSecurityLabels("restricted", kubernetesVersion),
            // Sidecars come from the Istio CNI agent, not an init container with NET_ADMIN, so restricted pods can be injected.
            "istio-injection": "enabled",
            // A gateway pod is Ready only once the ALB's target group reports it healthy: rollouts never drop traffic.
            "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
        },
        why: "the platform's workloads: restricted, with the mesh's sidecar",
    };
}

/** The platform namespaces, each at the Pod Security level it can run under. */
export function platformNamespacePlans(kubernetesVersion: string): NamespacePlan[] {
    return (Object.keys(PLATFORM) as PlatformNamespace[]).map((name) => ({
        name,
        labels: podSecurityLabels(PLATFORM[name].level, kubernetesVersion),
        why: PLATFORM[name].why,
    }));
}

// Config of the EKS cluster: version, API endpoint exposure, logs, who may use
// the API (the deploy and preview roles), deletion protection, node instance
// types (the size's by default) and the Docker Hub credential of the image
// cache.
import { ConfigReader } from "./reader";
import { LOG_RETENTION_DAYS } from "./network";
import { SizeProfile } from "./sizes";
import { ec2InstanceTypeProblem } from "./offerings";
import { architectureOf, instanceTypeProblem } from "../../components/cluster/instanceTypes";
import { CACHE_CREDENTIAL_ARN } from "../../components/cluster/imageCache";
import { NodeCounts, NodeGroupRole, NodeGroupSpec, SUPPORTED_KUBERNETES_VERSIONS } from "../../components/cluster/types";
import { ClusterAccess, ROLE_ARN } from "../../components/cluster/access";

/**
 * Limits on the networks admitted to the public API endpoint. EKS allows 40
 * ranges (Amazon EKS service quotas: public endpoint access CIDR ranges per
 * cluster). The project allows a /16's worth of addresses in all: the
 * endpoint is for named networks (offices, VPN egress, CI runners), and wider
 * sets are the internet in pieces.
 */
export const ENDPOINT_CIDR_RULE = { forbidEverything: true, publicOnly: true, maxItems: 40, maxAddresses: 65536n } as const;

export interface ClusterConfig {
    /** Kubernetes minor version, one of SUPPORTED_KUBERNETES_VERSIONS. */
    readonly kubernetesVersion: string;
    /** Networks allowed to the public API endpoint; empty: private endpoint only. */
    readonly endpointPublicAccessCidrs: readonly string[];
    /** Days CloudWatch keeps control-plane logs. */
    readonly logRetentionDays: number;
    /** The deploy role (cluster admin) and the preview role (read-only); see readClusterAccess. */
    readonly access: ClusterAccess;
    /** Guard the cluster and its secrets key against deletion. */
    readonly deletionProtection: boolean;
    /** Secrets Manager secret with Docker Hub credentials for the image cache; undefined: Docker Hub not mirrored. */
    readonly dockerHubCredentialArn?: string;
    /** Managed node groups, from the size profile with config overrides. */
    readonly nodeGroups: Readonly<Record<NodeGroupRole, NodeGroupSpec>>;
}

/**
 * Most nodes in a managed node group (Amazon EKS service quotas, "Nodes per managed node group": 450).
 */
export const MAX_NODES_PER_GROUP = 450;

const BOUNDS = /^(\d{1,3})-(\d{1,3})$/;

/**
 * A node group's counts: the size's, or `key`'s "<min>-<max>" with the size's desired count clamped into it.
 */
function nodeCounts(r: ConfigReader, key: string, size: NodeCounts): NodeCounts {
    const value = r.string(key, /^$|.*/, "");
    if (value === "") {
        return size;
    }
    const m = BOUNDS.exec(value);
    const [min, max] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || min > max || max < 1 || max > MAX_NODES_PER_GROUP) {
        r.reject(key, value, `must be empty (the size's) or <min>-<max> with 0 <= min <= max, 1 <= max <= ${MAX_NODES_PER_GROUP} (EKS's nodes per managed node group), like 3-8`);
        return size;
    }
    return { min, desired: Math.min(Math.max(size.desired, min), max), max };
}

/** Instance types from `key`, or `fallback` (the size's) when the list is empty; each must carry pod ENIs. */
function instanceTypes(r: ConfigReader, key: string, fallback: readonly string[]): readonly string[] {
    const given = r.stringList(key, /^\S+$/, "must be an instance type name like m6i.large");
    const types = given.length > 0 ? given : fallback;
    const source = given.length > 0 ? JSON.stringify(given) : `${JSON.stringify(fallback)} (from the size profile)`;
    let valid = true;
    types.forEach((t, i) => {
        const problem = instanceTypeProblem(t) ?? ec2InstanceTypeProblem(t);
        if (problem) {
            valid = false;
            r.reject(key, source, `item ${i} ("${t}") ${problem}`);
        }
    });
    if (valid && new Set(types.map(architectureOf)).size > 1) {
        r.reject(key, source, "mixes x86_64 and arm64 types; a node group runs one AMI, so list types of one architecture");
    }
    return types;
}

function optionalMatch(r: ConfigReader, key: string, pattern: RegExp, allowed: string): string | undefined {
    const value = r.string(key, /^$|.*/, "");
    if (value === "") {
        return undefined;
    }
    if (!pattern.test(value)) {
        r.reject(key, value, allowed);
    }
    return value;
}

const ROLE_ALLOWED = "an IAM role ARN like arn:aws:iam::123456789012:role/tickettoken-deploy (EKS refuses STS session ARNs)";

/**
 * The roles that get access entries. `requireClusterRoles` says whether the
 * stack may leave them empty: true (the default, and every shared stack) makes
 * both required, so cluster access never depends on who runs Pulumi; false
 * (dev, and a personal sandbox copied from it) lets an empty deploy role fall
 * back to the identity running Pulumi and an empty preview role mean no
 * read-only entry. The stack file says which, as a value; nothing here looks
 * at the stack's name.
 */
function readClusterAccess(r: ConfigReader): ClusterAccess {
    const required = r.boolean("requireClusterRoles");
    const role = (key: string): string | undefined => {
        const value = r.string(key, /^$|.*/, "");
        if (value === "") {
            if (required) {
                r.reject(key, value, `required while requireClusterRoles is true: ${ROLE_ALLOWED}`);
            }
            return undefined;
        }
        if (!ROLE_ARN.test(value)) {
            r.reject(key, value, `must be ${ROLE_ALLOWED}${required ? "" : ", or empty"}`);
        }
        return value;
    };
    const deployRoleArn = role("deployRoleArn");
    const previewRoleArn = role("previewRoleArn");
    if (deployRoleArn !== undefined && deployRoleArn === previewRoleArn) {
        r.reject("previewRoleArn", previewRoleArn, "must differ from deployRoleArn: EKS allows one access entry per principal, and the preview role must not be admin");
    }
    return { deployRoleArn, previewRoleArn };
}

export function readClusterConfig(r: ConfigReader, machines: SizeProfile): ClusterConfig {
    const kubernetesVersion = r.string("kubernetesVersion", /^.*$/, "");
    if (kubernetesVersion !== "" && !SUPPORTED_KUBERNETES_VERSIONS.includes(kubernetesVersion)) {
        r.reject("kubernetesVersion", kubernetesVersion, `must be one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")} (the Kubernetes versions in EKS standard support)`);
    }
    return {
        kubernetesVersion,
        endpointPublicAccessCidrs: r.cidrList("endpointPublicAccessCidrs", ENDPOINT_CIDR_RULE),
        logRetentionDays: r.integerIn("clusterLogRetentionDays", LOG_RETENTION_DAYS),
        access: readClusterAccess(r),
        deletionProtection: r.boolean("clusterDeletionProtection"),
        dockerHubCredentialArn: optionalMatch(
            r,
            "dockerHubCredentialArn",
            CACHE_CREDENTIAL_ARN,
            "must be empty or the ARN of a Secrets Manager secret named ecr-pullthroughcache/..., as ECR pull-through cache requires",
        ),
        nodeGroups: {
            system: { instanceTypes: instanceTypes(r, "systemNodeInstanceTypes", machines.systemNodeInstanceTypes), counts: nodeCounts(r, "systemNodeBounds", machines.nodeCounts.system) },
            apps: { instanceTypes: instanceTypes(r, "appNodeInstanceTypes", machines.nodeInstanceTypes), counts: nodeCounts(r, "appNodeBounds", machines.nodeCounts.apps) },
        },
    };
}

// Environment sizes: the one place that says how big each kind of machine is
// for a given size. Stack files pick a size; components never look at stack
// names.
import type { NodeCounts, NodeGroupRole } from "../../components/cluster/types";

/** How large an environment is. */
export type Size = "small" | "medium" | "large";

export const SIZES: readonly Size[] = ["small", "medium", "large"];

/** Machine classes for one environment size. */
export interface SizeProfile {
    /** Instance types of the system node group (CoreDNS, CSI controller, mesh and gateway controllers). */
    readonly systemNodeInstanceTypes: readonly string[];
    /** Node counts of each managed node group. */
    readonly nodeCounts: Readonly<Record<NodeGroupRole, NodeCounts>>;
    /** Instance types of the general-purpose node group. */
    readonly nodeInstanceTypes: readonly string[];
    /** RDS PostgreSQL instance class (primary and replica). */
    readonly postgresInstanceClass: string;
    /** ElastiCache node type. */
    readonly cacheNodeType: string;
    /** DocumentDB instance class. */
    readonly docdbInstanceClass: string;
    /** Amazon MQ broker instance type. */
    readonly brokerInstanceType: string;
}

/** The machine classes of every size. */
export const SIZE_PROFILES: Readonly<Record<Size, SizeProfile>> = {
    small: {
        systemNodeInstanceTypes: ["m6i.large"],
        nodeCounts: { system: { min: 1, desired: 1, max: 2 }, apps: { min: 1, desired: 2, max: 3 } },
        nodeInstanceTypes: ["m6i.large"],
        postgresInstanceClass: "db.t4g.medium",
        cacheNodeType: "cache.t4g.small",
        docdbInstanceClass: "db.t4g.medium",
        brokerInstanceType: "mq.m7g.medium",
    },
    medium: {
        systemNodeInstanceTypes: ["m6i.large"],
        nodeCounts: { system: { min: 2, desired: 2, max: 3 }, apps: { min: 2, desired: 3, max: 6 } },
        nodeInstanceTypes: ["m6i.xlarge"],
        postgresInstanceClass: "db.r7g.large",
        cacheNodeType: "cache.r7g.large",
        docdbInstanceClass: "db.r6g.large",
        brokerInstanceType: "mq.m7g.large",
    },
    large: {
        systemNodeInstanceTypes: ["m6i.xlarge"],
        nodeCounts: { system: { min: 3, desired: 3, max: 4 }, apps: { min: 3, desired: 3, max: 8 } },
        nodeInstanceTypes: ["m6i.2xlarge", "m7i.2xlarge"],
        postgresInstanceClass: "db.r7g.xlarge",
        cacheNodeType: "cache.r7g.xlarge",
        docdbInstanceClass: "db.r6g.xlarge",
        brokerInstanceType: "mq.m7g.large",
    },
};

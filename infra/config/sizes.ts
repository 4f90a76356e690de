// Environment sizes: the one place that says how big each kind of machine is
// for a given size. Stack files pick a size; components never look at stack
// names.

/** How large an environment is. */
export type Size = "small" | "medium" | "large";

export const SIZES: readonly Size[] = ["small", "medium", "large"];

/** Machine classes for one environment size. */
export interface SizeProfile {
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
        nodeInstanceTypes: ["m6i.large"],
        postgresInstanceClass: "db.t4g.medium",
        cacheNodeType: "cache.t4g.small",
        docdbInstanceClass: "db.t4g.medium",
        brokerInstanceType: "mq.m7g.medium",
    },
    medium: {
        nodeInstanceTypes: ["m6i.xlarge"],
        postgresInstanceClass: "db.r7g.large",
        cacheNodeType: "cache.r7g.large",
        docdbInstanceClass: "db.r6g.large",
        brokerInstanceType: "mq.m7g.large",
    },
    large: {
        nodeInstanceTypes: ["m6i.2xlarge", "m7i.2xlarge"],
        postgresInstanceClass: "db.r7g.xlarge",
        cacheNodeType: "cache.r7g.xlarge",
        docdbInstanceClass: "db.r6g.xlarge",
        brokerInstanceType: "mq.m7g.large",
    },
};

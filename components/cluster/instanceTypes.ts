// Pure checks of node instance types. Security groups for pods put a branch
// ENI on a trunk ENI of the node, which only Nitro instances of some families
// support; t-family instances support none, so a workload scheduled there
// would never get its security group and would stay Pending.

/** CPU architectures of managed node AMIs. */
export type Architecture = "x86_64" | "arm64";

/** Families accepted for nodes: general purpose, compute and memory optimised. */
export const NODE_FAMILIES: readonly string[] = ["m", "c", "r"];

/** Oldest generation accepted: 5 is the first whose every m/c/r type is Nitro with trunk ENI support. */
export const MIN_NODE_GENERATION = 5;

const SHAPE = /^([a-z]+)(\d+)([a-z-]*)\.([0-9a-z]+)$/;

/** What is allowed, for error messages. */
export const NODE_INSTANCE_TYPE_RULE =
    `must be a Nitro instance type of the ${NODE_FAMILIES.join(", ")} families, generation ${MIN_NODE_GENERATION} or later (e.g. m6i.large, m7g.xlarge): ` +
    "nodes must carry pod ENIs for security groups for pods, which t-family and older types do not support";

interface ParsedType {
    readonly family: string;
    readonly generation: number;
    readonly attributes: string;
}

function parse(instanceType: string): ParsedType | undefined {
    const m = SHAPE.exec(instanceType);
    return m ? { family: m[1], generation: Number(m[2]), attributes: m[3] } : undefined;
}

/** Why `instanceType` cannot run nodes here, or undefined when it can. */
export function instanceTypeProblem(instanceType: string): string | undefined {
    const p = parse(instanceType);
    if (!p) {
        return `is not an instance type name like m6i.large; ${NODE_INSTANCE_TYPE_RULE}`;
    }
    if (p.family === "t") {
        return `is a burstable t-family type, which cannot carry pod ENIs; ${NODE_INSTANCE_TYPE_RULE}`;
    }
    if (!NODE_FAMILIES.includes(p.family) || p.generation < MIN_NODE_GENERATION) {
        return NODE_INSTANCE_TYPE_RULE;
    }
    return undefined;
}

/** Architecture of a valid instance type: Graviton types carry a "g" attribute (m7g, c7gn, r8gd). */
export function architectureOf(instanceType: string): Architecture {
    const p = parse(instanceType);
    if (!p) {
        throw new Error(`"${instanceType}" is not an instance type name`);
    }
    return p.attributes.includes("g") ? "arm64" : "x86_64";
}

/** The one architecture of a node group's types; throws when they mix, since one AMI serves the group. */
export function groupArchitecture(instanceTypes: readonly string[]): Architecture {
    const archs = [...new Set(instanceTypes.map(architectureOf))];
    if (archs.length !== 1) {
        throw new Error(`instance types ${instanceTypes.join(", ")} ${archs.length === 0 ? "are empty" : "mix x86_64 and arm64"}; a node group runs one AMI`);
    }
    return archs[0];
}

/** EKS AMI type (Amazon Linux 2023) for an architecture. */
export function amiTypeFor(arch: Architecture): string {
    switch (arch) {
        case "x86_64":
            return "AL2023_x86_64_STANDARD";
        case "arm64":
            return "AL2023_ARM_64_STANDARD";
    }
}

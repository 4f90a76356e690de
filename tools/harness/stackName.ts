// Stack names as the Pulumi CLI accepts them, so that a name can never be a
// path: sdk/go/common/tokens/stack_name.go ParseStackName (1 to 100
// characters of A-Z a-z 0-9 _ . -), and the qualified forms
// "owner/stack" and "owner/project/stack" of
// pkg/backend/httpstate/backend.go parseStackName, whose owner must match the
// service's owner rule. A stack's settings file is named by the stack alone:
// Pulumi.<stack>.yaml beside Pulumi.yaml.

/** The longest stack name the CLI takes. */
export const MAX_STACK_NAME = 100;

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
/** pkg/backend/httpstate/backend.go stackOwnerRegexp. */
const OWNER = /^[a-zA-Z0-9][a-zA-Z0-9-_]{1,38}[a-zA-Z0-9]$/;

/** A stack reference: the stack, and the owner and project when they were written. */
export interface StackReference {
    readonly stack: string;
    readonly owner?: string;
    readonly project?: string;
}

/** Why `name` is not a stack name the CLI accepts, or undefined. */
export function stackNameProblem(name: string): string | undefined {
    if (name === "") {
        return "a stack name may not be empty";
    }
    if (name.length > MAX_STACK_NAME) {
        return `a stack name cannot exceed ${MAX_STACK_NAME} characters`;
    }
    const bad = [...name].findIndex((ch) => !STACK_NAME.test(ch));
    if (bad >= 0) {
        return `a stack name may only contain alphanumerics, hyphens, underscores, or periods: invalid character ${JSON.stringify(name[bad])} at position ${bad}`;
    }
    return undefined;
}

/**
 * Parses "stack", "owner/stack" or "owner/project/stack"; throws saying what
 * the CLI allows. A project, when given, must be `project` (this one's).
 */
export function parseStackReference(text: string, project: string): StackReference {
    const parts = text.split("/");
    const fail = (why: string): never => {
        throw new Error(`invalid stack ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text)}: ${why}; ` +
            `a stack is named like "prod", "<owner>/prod" or "<owner>/${project}/prod"`);
    };
    if (parts.length > 3) {
        fail("a stack reference has at most three parts, owner/project/stack");
    }
    const stack = parts[parts.length - 1];
    const owner = parts.length >= 2 ? parts[0] : undefined;
    const named = parts.length === 3 ? parts[1] : undefined;
    const problem = stackNameProblem(stack);
    if (problem) {
        fail(problem);
    }
    if (owner !== undefined && !OWNER.test(owner)) {
        fail(`owner ${JSON.stringify(owner)} must be 3 to 40 letters, digits, hyphens or underscores, starting and ending with a letter or digit`);
    }
    if (named !== undefined && named !== project) {
        fail(`project ${JSON.stringify(named)} is not this project (${project})`);
    }
    return { stack, owner, project: named };
}

// A small model of IAM policy evaluation, enough to ask the stack's role
// policies "may this principal do this action on this resource, in this
// context?": an explicit Allow whose Action, Resource and Condition all match,
// and no matching Deny. Condition operators it does not know never match, so
// an unknown condition can only make an answer "no", never "yes".

export interface Statement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface Document {
    readonly Statement: readonly Statement[];
}

export interface Request {
    readonly action: string;
    readonly resource: string;
    /** Condition keys and their values in the request (e.g. kms:ViaService). */
    readonly context?: Readonly<Record<string, string>>;
}

const list = <T>(v: T | readonly T[]): readonly T[] => (Array.isArray(v) ? (v as readonly T[]) : [v as T]);

/** IAM's wildcard match: `*` any run of characters, `?` one; actions case-insensitively. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, ignoreCase ? "i" : "");
    return re.test(value);
}

function conditionHolds(condition: Statement["Condition"], context: Readonly<Record<string, string>>): boolean {
    for (const [operator, keys] of Object.entries(condition ?? {})) {
        for (const [key, expected] of Object.entries(keys)) {
            const actual = context[key];
            if (actual === undefined) {
                return false;
            }
            switch (operator) {
                case "StringEquals":
                    if (!list(expected).includes(actual)) {
                        return false;
                    }
                    break;
                case "StringLike":
                    if (!list(expected).some((p) => globMatch(p, actual))) {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
        }
    }
    return true;
}

function matches(s: Statement, r: Request): boolean {
    return list(s.Action).some((a) => globMatch(a, r.action, true)) &&
        list(s.Resource).some((p) => globMatch(p, r.resource)) &&
        conditionHolds(s.Condition, r.context ?? {});
}

/** True when `doc` allows `r`. */
export function allows(doc: Document | undefined, r: Request): boolean {
    if (!doc) {
        return false;
    }
    return doc.Statement.some((s) => s.Effect === "Allow" && matches(s, r)) && !doc.Statement.some((s) => s.Effect === "Deny" && matches(s, r));
}

/** Every resource pattern of `doc`'s Allow statements that has a wildcard. */
export function wildcardResources(doc: Document | undefined): string[] {
    return (doc?.Statement ?? []).filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Resource)).filter((r) => /[*?]/.test(r));
}

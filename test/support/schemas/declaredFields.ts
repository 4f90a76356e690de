// A kubernetes-models validator, made to refuse fields its schema lacks.
//
// The packages ship the Kubernetes OpenAPI schema (and Istio's CRD schemas)
// compiled into ajv validators, without the JSON schema itself. Those
// schemas do not say `additionalProperties: false`, so the validators accept
// any extra field, while the API server drops it silently (unknown fields are
// pruned from built-in objects and from structural custom resources). Which
// fields a schema declares is read from its validator: the compiled code
// looks up every property its schema declares (`data.podSelector`, ...), and
// enumerates the keys of a map (`additionalProperties: {...}`, such as labels).
// The object is handed to the validator behind proxies that record those
// reads; a key the validator never looked up, in an object it did not
// enumerate, is a field the schema does not have.

/** What a validator did with one object of the input. */
interface Reads {
    readonly keys: Set<string>;
    /** It enumerated the keys: a map, any key is accepted (its values are still validated). */
    enumerated: boolean;
}

/** One problem found in an object. */
export interface Problem {
    /** Where, as a path like `spec.ingress[0].from`. */
    readonly path: string;
    readonly message: string;
}

/** An ajv error, as the compiled validators report them. */
interface AjvError {
    readonly instancePath: string;
    readonly keyword: string;
    readonly message?: string;
    readonly params?: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null;
}

/** `/spec/ingress/0/from` → `spec.ingress[0].from`. */
export function pointerToPath(pointer: string): string {
    return pointer
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === "" ? p : `${out}.${p}`), "");
}

function child(path: string, key: string | number): string {
    return typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
}

function ajvProblem(e: AjvError): Problem {
    const path = pointerToPath(e.instancePath);
    switch (e.keyword) {
        case "required":
            return { path: child(path, String(e.params?.missingProperty)), message: "is required" };
        case "enum":
            return { path, message: `must be one of ${JSON.stringify(e.params?.allowedValues)}` };
        default:
            return { path, message: e.message ?? e.keyword };
    }
}

/**
 * Validates `object` with a kubernetes-models validator (`Model.prototype.validate`,
 * which validates its `this`), and reports what the schema rejects and every
 * field the schema does not declare.
 */
export function validateDeclared(validate: (this: unknown) => void, object: Record<string, unknown>): Problem[] {
    const reads = new WeakMap<object, Reads>();
    const proxies = new WeakMap<object, object>();
    const watch = (target: unknown): unknown => {
        if (!isObject(target)) {
            return target;
        }
        let proxy = proxies.get(target);
        if (proxy === undefined) {
            const r: Reads = { keys: new Set(), enumerated: false };
            reads.set(target, r);
            proxy = new Proxy(target, {
                get(t, key, receiver) {
                    if (typeof key === "string") {
                        r.keys.add(key);
                    }
                    return watch(Reflect.get(t, key, receiver));
                },
                has(t, key) {
                    if (typeof key === "string") {
                        r.keys.add(key);
                    }
                    return Reflect.has(t, key);
                },
                ownKeys(t) {
                    r.enumerated = true;
                    return Reflect.ownKeys(t);
                },
            });
            proxies.set(target, proxy);
        }
        return proxy;
    };

    const problems: Problem[] = [];
    try {
        validate.call(watch(object));
    } catch (e) {
        const errors = (e as { errors?: AjvError[] }).errors;
        if (!Array.isArray(errors)) {
            throw e;
        }
        problems.push(...errors.map(ajvProblem));
    }

    const undeclared = (value: unknown, path: string): void => {
        if (Array.isArray(value)) {
            value.forEach((v, i) => undeclared(v, child(path, i)));
            return;
        }
        if (!isObject(value)) {
            return;
        }
        const r = reads.get(value);
        if (r === undefined) {
            // Never reached by the validator: its parent was already reported (or failed its type).
            return;
        }
        for (const [key, v] of Object.entries(value)) {
            if (!r.enumerated && !r.keys.has(key)) {
                problems.push({ path: child(path, key), message: "is not a field of the schema (the API server would drop it)" });
            } else {
                undeclared(v, child(path, key));
            }
        }
    };
    undeclared(object, "");
    return problems;
}

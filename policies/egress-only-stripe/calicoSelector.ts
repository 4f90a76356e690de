// Calico's label selector language, enough to say whether a selector picks a
// set of labels: all(), has(k), k == 'v', k != 'v', k in {...}, k not in
// {...}, k contains / starts with / ends with 'v', !, &&, || and parentheses
// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).
// A selector the parser does not read is reported as such, and callers judge
// it as picking everything: the exposed case.

/** A parsed selector: labels in, match out. */
export type Selector = (labels: ReadonlyMap<string, string>) => boolean;

type Token = { readonly kind: "word" | "string" | "op"; readonly text: string };

const OPS = ["==", "!=", "&&", "||", "(", ")", "{", "}", ",", "!"];

function tokens(text: string): Token[] | undefined {
    const out: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "'" || c === '"') {
            const end = text.indexOf(c, i + 1);
            if (end < 0) {
                return undefined;
            }
            out.push({ kind: "string", text: text.slice(i + 1, end) });
            i = end + 1;
            continue;
        }
        const op = OPS.find((o) => text.startsWith(o, i));
        if (op) {
            out.push({ kind: "op", text: op });
            i += op.length;
            continue;
        }
        const m = /^[A-Za-z0-9_.\/-]+/.exec(text.slice(i));
        if (!m) {
            return undefined;
        }
        out.push({ kind: "word", text: m[0] });
        i += m[0].length;
    }
    return out;
}

/** Parses a selector; undefined when it is not one the parser reads. */
export function parseSelector(text: string): Selector | undefined {
    const list = tokens(text);
    if (!list) {
        return undefined;
    }
    if (list.length === 0) {
        return () => true;
    }
    let at = 0;
    const peek = () => list[at];
    const take = (kind: Token["kind"], value?: string): Token | undefined => {
        const t = list[at];
        if (t && t.kind === kind && (value === undefined || t.text === value)) {
            at++;
            return t;
        }
        return undefined;
    };
    const fail = (): never => {
        throw new SyntaxError("selector");
    };

    const values = (): string[] => {
        take("op", "{") ?? fail();
        const out: string[] = [];
        if (take("op", "}")) {
            return out;
        }
        do {
            out.push((take("string") ?? fail()).text);
        } while (take("op", ","));
        take("op", "}") ?? fail();
        return out;
    };

    const term = (): Selector => {
        if (take("op", "!")) {
            const inner = term();
            return (l) => !inner(l);
        }
        if (take("op", "(")) {
            const inner = or();
            take("op", ")") ?? fail();
            return inner;
        }
        const word = take("word") ?? fail();
        if (word.text === "all" || word.text === "global") {
            take("op", "(") ?? fail();
            take("op", ")") ?? fail();
            return () => true;
        }
        if (word.text === "has" && peek()?.text === "(") {
            take("op", "(");
            const key = (take("word") ?? fail()).text;
            take("op", ")") ?? fail();
            return (l) => l.has(key);
        }
        const key = word.text;
        if (take("op", "==")) {
            const v = (take("string") ?? fail()).text;
            return (l) => l.get(key) === v;
        }
        if (take("op", "!=")) {
            const v = (take("string") ?? fail()).text;
            return (l) => l.get(key) !== v;
        }
        if (take("word", "in")) {
            const vs = new Set(values());
            return (l) => l.has(key) && vs.has(l.get(key)!);
        }
        if (take("word", "not")) {
            take("word", "in") ?? fail();
            const vs = new Set(values());
            return (l) => !l.has(key) || !vs.has(l.get(key)!);
        }
        if (take("word", "contains")) {
            const v = (take("string") ?? fail()).text;
            return (l) => l.has(key) && l.get(key)!.includes(v);
        }
        if (take("word", "starts")) {
            take("word", "with") ?? fail();
            const v = (take("string") ?? fail()).text;
            return (l) => l.has(key) && l.get(key)!.startsWith(v);
        }
        if (take("word", "ends")) {
            take("word", "with") ?? fail();
            const v = (take("string") ?? fail()).text;
            return (l) => l.has(key) && l.get(key)!.endsWith(v);
        }
        return fail();
    };
    const and = (): Selector => {
        let left = term();
        while (take("op", "&&")) {
            const a = left;
            const b = term();
            left = (l) => a(l) && b(l);
        }
        return left;
    };
    const or = (): Selector => {
        let left = and();
        while (take("op", "||")) {
            const a = left;
            const b = and();
            left = (l) => a(l) || b(l);
        }
        return left;
    };
    try {
        const s = or();
        return at === list.length ? s : undefined;
    } catch (e) {
        if (e instanceof SyntaxError) {
            return undefined;
        }
        throw e;
    }
}

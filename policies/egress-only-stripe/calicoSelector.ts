// Calico's label selector language, enough to say whether a selector picks a
// set of labels: all(), has(k), k == 'v', k != 'v', k in {...}, k not in
// {...}, k contains / starts with / ends with 'v', !, &&, || and parentheses
// (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).
// A selector the parser does not read is reported as such, and callers judge
// it as picking everything: the exposed case.

/** A parsed selector: labels in, match out. */
export type Selector = (labels: ReadonlyMap<string, string>) => boolean;

/**
 * What every label set a selector picks must have: the key, and when known
 * the values it may take. Lets a caller look candidates up in an index of
 * labels instead of trying the selector on every set.
 */
export interface SelectorHint {
    readonly key: string;
    readonly values?: ReadonlySet<string>;
}

/** A parsed selector with its hint, when it has one (a selector that picks sets without a given label has none). */
export interface ParsedSelector {
    readonly match: Selector;
    readonly hint?: SelectorHint;
}

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
    return parseSelectorWithHint(text)?.match;
}

/** Parses a selector with what its matches must have; undefined when it is not one the parser reads. */
export function parseSelectorWithHint(text: string): ParsedSelector | undefined {
    const list = tokens(text);
    if (!list) {
        return undefined;
    }
    if (list.length === 0) {
        return { match: () => true };
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

    const term = (): ParsedSelector => {
        if (take("op", "!")) {
            const inner = term().match;
            return { match: (l) => !inner(l) };
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
            return { match: () => true };
        }
        if (word.text === "has" && peek()?.text === "(") {
            take("op", "(");
            const key = (take("word") ?? fail()).text;
            take("op", ")") ?? fail();
            return { match: (l) => l.has(key), hint: { key } };
        }
        const key = word.text;
        if (take("op", "==")) {
            const v = (take("string") ?? fail()).text;
            return { match: (l) => l.get(key) === v, hint: { key, values: new Set([v]) } };
        }
        if (take("op", "!=")) {
            const v = (take("string") ?? fail()).text;
            return { match: (l) => l.get(key) !== v };
        }
        if (take("word", "in")) {
            const vs = new Set(values());
            return { match: (l) => l.has(key) && vs.has(l.get(key)!), hint: { key, values: vs } };
        }
        if (take("word", "not")) {
            take("word", "in") ?? fail();
            const vs = new Set(values());
            return { match: (l) => !l.has(key) || !vs.has(l.get(key)!) };
        }
        if (take("word", "contains")) {
            const v = (take("string") ?? fail()).text;
            return { match: (l) => l.has(key) && l.get(key)!.includes(v), hint: { key } };
        }
        if (take("word", "starts")) {
            take("word", "with") ?? fail();
            const v = (take("string") ?? fail()).text;
            return { match: (l) => l.has(key) && l.get(key)!.startsWith(v), hint: { key } };
        }
        if (take("word", "ends")) {
            take("word", "with") ?? fail();
            const v = (take("string") ?? fail()).text;
            return { match: (l) => l.has(key) && l.get(key)!.endsWith(v), hint: { key } };
        }
        return fail();
    };
    // Both sides of && must hold, so either side's hint is the conjunction's (the one naming values is narrower).
    const and = (): ParsedSelector => {
        let left = term();
        while (take("op", "&&")) {
            const a = left;
            const b = term();
            const hint = a.hint?.values ? a.hint : b.hint?.values ? b.hint : a.hint ?? b.hint;
            left = { match: (l) => a.match(l) && b.match(l), hint };
        }
        return left;
    };
    // Either side of || may hold: a hint only when both sides name the same key (then the union of their values).
    const or = (): ParsedSelector => {
        let left = and();
        while (take("op", "||")) {
            const a = left;
            const b = and();
            const hint = a.hint && b.hint && a.hint.key === b.hint.key
                ? { key: a.hint.key, values: a.hint.values && b.hint.values ? new Set([...a.hint.values, ...b.hint.values]) : undefined }
                : undefined;
            left = { match: (l) => a.match(l) || b.match(l), hint };
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

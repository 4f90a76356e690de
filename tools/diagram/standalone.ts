// Makes a beautiful-mermaid SVG self-contained: its colours are CSS custom
// properties mixed with color-mix(), and it imports a web font. Viewers and
// rasterisers that do not evaluate CSS variables (resvg, librsvg, many
// previewers) draw such an SVG black, and the import reaches the internet.
// Resolve every variable to a hex colour and drop the import.

type Rgb = readonly [number, number, number];

function hex(text: string): Rgb {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
    if (!m) {
        throw new Error(`expected a #rrggbb colour, got "${text}"`);
    }
    return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function toHex(c: Rgb): string {
    return `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`.toUpperCase();
}

/** color-mix(in srgb, A p%, B): p% of A and the rest of B. */
function mix(a: Rgb, b: Rgb, percent: number): Rgb {
    const t = percent / 100;
    return [0, 1, 2].map((i) => a[i] * t + b[i] * (1 - t)) as unknown as Rgb;
}

/** Evaluates the CSS colour expressions beautiful-mermaid writes. */
export function evaluateColor(expr: string, vars: ReadonlyMap<string, string>): string {
    const e = expr.trim();
    const v = /^var\((--[\w-]+)(?:,\s*(.+))?\)$/s.exec(e);
    if (v) {
        const known = vars.get(v[1]);
        if (known !== undefined) {
            return known;
        }
        if (v[2] !== undefined) {
            return evaluateColor(v[2], vars);
        }
        throw new Error(`CSS variable ${v[1]} is not defined`);
    }
    const m = /^color-mix\(in srgb,\s*(.+?)\s+(\d+(?:\.\d+)?)%,\s*(.+)\)$/s.exec(e);
    if (m) {
        return toHex(mix(hex(evaluateColor(m[1], vars)), hex(evaluateColor(m[3], vars)), Number(m[2])));
    }
    return toHex(hex(e));
}

export function standaloneSvg(svg: string): string {
    const vars = new Map<string, string>();
    const root = /<svg[^>]*style="([^"]*)"/.exec(svg)?.[1] ?? "";
    for (const [, name, value] of root.matchAll(/(--[\w-]+):\s*([^;]+)/g)) {
        vars.set(name, evaluateColor(value, vars));
    }
    const derived = /svg\s*\{([^}]*)\}/.exec(svg)?.[1] ?? "";
    for (const [, name, value] of derived.replace(/\/\*.*?\*\//gs, "").matchAll(/(--[\w-]+):\s*([^;]+);/g)) {
        vars.set(name, evaluateColor(value, vars));
    }
    return svg
        .replace(/@import url\([^)]*\);?\s*/g, "")
        .replace(/svg\s*\{[^}]*\}/, (block) => block.replace(/(--[\w-]+):\s*([^;]+);/g, (_, name: string) => `${name}: ${vars.get(name)};`))
        .replace(/var\((--[\w-]+)\)/g, (whole, name: string) => vars.get(name) ?? whole);
}

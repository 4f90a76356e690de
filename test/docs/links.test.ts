import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** Every Markdown file the repository ships: its READMEs and docs/ (generated diagrams included). */
function markdownFiles(): string[] {
    const out = ["README.md", "policies/README.md", "policies/CHANGELOG.md"].filter((f) => fs.existsSync(path.join(ROOT, f)));
    const walk = (dir: string): void => {
        for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
            const rel = path.join(dir, e.name);
            if (e.isDirectory()) walk(rel);
            else if (e.name.endsWith(".md")) out.push(rel);
        }
    };
    walk("docs");
    return out;
}

/** Relative link targets of a Markdown text, without their #anchors; external links are not this test's business. */
export function relativeLinks(markdown: string): string[] {
    const targets: string[] = [];
    for (const m of markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1].split("#")[0];
        if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        targets.push(decodeURIComponent(target));
    }
    return targets;
}

// A renamed or removed document leaves links that nothing else would notice.
describe("docs: links between the repository's documents", () => {
    it("reads the relative targets of a Markdown text, skipping URLs and anchors", () => {
        assert.deepEqual(relativeLinks('see [a](docs/a.md), [b](b.md#x "t"), [c](https://x.y/z), [d](#here), [e](mailto:x@y.z)'), ["docs/a.md", "b.md"]);
    });

    for (const file of markdownFiles()) {
        it(`${file}: every relative link names a file or folder that exists`, () => {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            const missing = relativeLinks(text).filter((t) => !fs.existsSync(path.resolve(ROOT, path.dirname(file), t)));
            assert.deepEqual(missing, [], `${file} links to what does not exist`);
        });
    }

    it("mentions of docs/decisions/ files, in code and docs alike, name files that exist, and decision numbers are unique", () => {
        const decisions = fs.readdirSync(path.join(ROOT, "docs/decisions"));
        const numbers = decisions.map((d) => d.slice(0, 4));
        assert.deepEqual(numbers.filter((n, i) => numbers.indexOf(n) !== i), [], "two decisions share a number");
        const sources = ["README.md", "policies/README.md", ...fs.readdirSync(path.join(ROOT, ".github/workflows")).map((f) => `.github/workflows/${f}`)];
        for (const f of sources) {
            for (const m of fs.readFileSync(path.join(ROOT, f), "utf8").matchAll(/docs\/decisions\/([\w.-]+\.md)/g)) {
                assert.ok(decisions.includes(m[1]), `${f} names docs/decisions/${m[1]}, which does not exist`);
            }
        }
    });
});

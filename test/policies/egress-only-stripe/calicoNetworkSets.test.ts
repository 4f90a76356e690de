import { strict as assert } from "assert";
import { parseSelector, parseSelectorWithHint } from "../../../policies/egress-only-stripe/calicoSelector";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { engineResource as r, findings, judgeResources, summary, usePack } from "../../support/pack";

const labels = (o: Record<string, string>) => new Map(Object.entries(o));

describe("egress-only-stripe: Calico selectors", () => {
    it("reads Calico's selector language", () => {
        const m = (selector: string, l: Record<string, string>) => parseSelector(selector)!(labels(l));
        assert.equal(m("role == 'internet'", { role: "internet" }), true);
        assert.equal(m("role == 'internet'", { role: "office" }), false);
        assert.equal(m("has(role) && !has(internal)", { role: "x" }), true);
        assert.equal(m("role in {'a', 'b'} || tier != \"db\"", { role: "c", tier: "db" }), false);
        assert.equal(m("role not in {'a'}", {}), true);
        assert.equal(m("name starts with 'stripe-' && name ends with '-v4'", { name: "stripe-api-v4" }), true);
        assert.equal(m("all()", {}), true);
        assert.equal(m("", {}), true);
        assert.equal(parseSelector("role ==="), undefined);
        assert.equal(parseSelector("role == 'x' )"), undefined);
    });

    // The pack looks sets up by the hint's label instead of trying the selector on every set: a hint that
    // a matching set lacks would hide that set, so every match must satisfy its selector's hint.
    it("gives a hint only where every match satisfies it, and one for each kind of selector an index can serve", () => {
        const hintOf = (s: string) => {
            const h = parseSelectorWithHint(s)!.hint;
            return h && { key: h.key, values: h.values && [...h.values].sort() };
        };
        assert.deepEqual(hintOf("role == 'a'"), { key: "role", values: ["a"] });
        assert.deepEqual(hintOf("role in {'a', 'b'}"), { key: "role", values: ["a", "b"] });
        assert.deepEqual(hintOf("has(role) && tier == 'db'"), { key: "tier", values: ["db"] });
        assert.deepEqual(hintOf("role == 'a' || role == 'b'"), { key: "role", values: ["a", "b"] });
        assert.deepEqual(hintOf("role == 'a' || has(role)"), { key: "role", values: undefined });
        assert.deepEqual(hintOf("(name starts with 'x') && !has(y)"), { key: "name", values: undefined });
        for (const none of ["all()", "", "role != 'a'", "!has(role)", "role not in {'a'}", "role == 'a' || tier == 'b'", "!(role == 'a')"]) {
            assert.equal(hintOf(none), undefined, none);
        }
        const selectors = [
            "role == 'a'", "role in {'a','b'}", "has(role)", "has(role) && tier == 'db'", "role == 'a' || role == 'b'", "tier == 'db' && (role == 'a' || role == 'c')",
            "name contains 'str'", "name ends with 'pe'", "role == 'a' || has(role)", "!has(tier) && role == 'b'", "(role == 'a' && tier != 'db') || role in {'c'}",
        ];
        const sets: Record<string, string>[] = [{}, { role: "a" }, { role: "b" }, { role: "c", tier: "db" }, { role: "a", tier: "db" }, { tier: "db" }, { name: "stripe" }, { name: "stripe", role: "b" }];
        for (const text of selectors) {
            const { match, hint } = parseSelectorWithHint(text)!;
            assert.ok(hint, `${text} has a hint`);
            for (const l of sets) {
                const m = labels(l);
                if (match(m)) {
                    assert.ok(m.has(hint.key) && (hint.values === undefined || hint.values.has(m.get(hint.key)!)), `${text} matches ${JSON.stringify(l)}, which its hint would leave out`);
                }
            }
        }
    });
});

describe("egress-only-stripe: Calico network sets (through the gRPC interface)", () => {
    const pack = usePack();
    const gns = (name: string, nets: string[], l: Record<string, string>) => r("kubernetes:projectcalico.org/v3:GlobalNetworkSet", name, { metadata: { name, labels: l }, spec: { nets } });
    const gnp = (name: string, destination: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        r("kubernetes:projectcalico.org/v3:GlobalNetworkPolicy", name, { spec: { selector: "all()", types: ["Egress"], egress: [{ action: "Allow", destination, ...extra }] } });

    it("a selector that picks a network set reaches its nets, judged like the rule's own", async () => {
        const report = await judgeResources(pack(), [
            gns("internet", ["0.0.0.0/0"], { role: "internet" }),
            gns("stripe", ["13.55.5.15/32"], { role: "stripe" }),
            gns("office", ["10.20.0.0/16"], { role: "office" }),
            r("kubernetes:projectcalico.org/v3:NetworkSet", "ns-partners", { metadata: { name: "partners", namespace: "app", labels: { role: "partners" } }, spec: { nets: ["198.51.100.0/24"] } }),
            gnp("to-internet-set", { selector: "role == 'internet'" }),
            gnp("to-stripe-any-port", { selector: "role == 'stripe'" }),
            r("kubernetes:projectcalico.org/v3:NetworkPolicy", "to-partners", { metadata: { namespace: "app" }, spec: { egress: [{ action: "Allow", destination: { selector: "role == 'partners'" } }] } }),
            r("kubernetes:projectcalico.org/v3:NetworkPolicy", "global-from-ns", { metadata: { namespace: "app" }, spec: { egress: [{ action: "Allow", destination: { selector: "role == 'internet'", namespaceSelector: "global()" } }] } }),
            // Look-alikes: Stripe on TCP 443, a private set, a pod selector that picks no set, a namespaced set of another namespace, Deny.
            gnp("to-stripe-443", { selector: "role == 'stripe'", ports: [443] }, { protocol: "TCP" }),
            gnp("to-office", { selector: "role == 'office'" }),
            gnp("to-pods", { selector: "app == 'web'" }),
            gnp("global-ns", { namespaceSelector: "global()" }),
            r("kubernetes:projectcalico.org/v3:NetworkPolicy", "other-ns", { metadata: { namespace: "web" }, spec: { egress: [{ action: "Allow", destination: { selector: "role == 'partners'" } }] } }),
            r("kubernetes:projectcalico.org/v3:GlobalNetworkPolicy", "deny-internet", { spec: { egress: [{ action: "Deny", destination: { selector: "role == 'internet'" } }] } }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), [
            "egress-only-stripe mandatory global-from-ns spec.egress[0].destination.selector",
            "egress-only-stripe mandatory global-ns spec.egress[0].destination.namespaceSelector",
            "egress-only-stripe mandatory global-ns spec.egress[0].destination.namespaceSelector",
            "egress-only-stripe mandatory to-internet-set spec.egress[0].destination.selector",
            "egress-only-stripe mandatory to-partners spec.egress[0].destination.selector",
            "egress-only-stripe mandatory to-stripe-any-port spec.egress[0].destination.selector",
        ]);
        assert.match(findings(report).find((f) => f.resource === "to-internet-set")!.text,
            /^"role == 'internet'" selects GlobalNetworkSet internet, whose spec\.nets\[0\] "0\.0\.0\.0\/0" is a public destination outside the egress allow-list/);
        assert.deepEqual(findings(report).filter((f) => f.resource === "global-ns").map((f) => f.text.slice(0, f.text.indexOf(",") + 1)), [
            'namespaceSelector "global()" selects GlobalNetworkSet internet,',
            'namespaceSelector "global()" selects GlobalNetworkSet stripe,',
        ], "every global set: the internet, and Stripe on every port");
    });

    it("one finding per set a rule reaches, naming its first entry that is not allowed and how many more", async () => {
        const report = await judgeResources(pack(), [
            gns("halves", ["10.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1"], { role: "halves" }),
            gnp("to-halves", { selector: "role == 'halves'" }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory to-halves spec.egress[0].destination.selector"]);
        assert.match(findings(report)[0].text, /^"role == 'halves'" selects GlobalNetworkSet halves, whose spec\.nets\[1\] \(and 1 more entries of the set\) "0\.0\.0\.0\/1" is a public destination/);
    });

    it("finds by label what the selectors pick: sets whose labels are not known yet, and selectors no label index serves", async () => {
        const report = await judgeResources(pack(), [
            // In preview a set's labels may be unknown: any selector may pick it.
            r("kubernetes:projectcalico.org/v3:GlobalNetworkSet", "later", { metadata: { name: "later", labels: UNKNOWN_SENTINEL }, spec: { nets: ["0.0.0.0/0"] } }),
            gns("internet", ["0.0.0.0/0"], { role: "internet", zone: "edge" }),
            gns("office", ["10.20.0.0/16"], { role: "office" }),
            gnp("by-value", { selector: "role == 'nowhere'" }),
            gnp("by-either-key", { selector: "role == 'office' || zone == 'edge'" }),
            gnp("by-negation", { selector: "role != 'office'" }),
            gnp("by-other-value", { selector: "role in {'office', 'branch'}" }),
        ]);
        assert.deepEqual(findings(report).filter((f) => f.policy === "egress-only-stripe").map((f) => `${f.resource}: ${f.text.slice(0, f.text.indexOf(", whose"))}`).sort(), [
            `by-either-key: "role == 'office' || zone == 'edge'" selects GlobalNetworkSet internet`,
            `by-either-key: "role == 'office' || zone == 'edge'" selects GlobalNetworkSet later`,
            `by-negation: "role != 'office'" selects GlobalNetworkSet internet`,
            `by-negation: "role != 'office'" selects GlobalNetworkSet later`,
            `by-other-value: "role in {'office', 'branch'}" selects GlobalNetworkSet later`,
            `by-value: "role == 'nowhere'" selects GlobalNetworkSet later`,
        ]);
    });

    it("a selector the pack cannot read is judged as picking every set", async () => {
        const report = await judgeResources(pack(), [gns("internet", ["0.0.0.0/0"], { role: "internet" }), gnp("odd", { selector: "role ~= 'x'" })]);
        assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory odd spec.egress[0].destination.selector"]);
    });
});

import { strict as assert } from "assert";
import { parseSelector } from "../../../policies/egress-only-stripe/calicoSelector";
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

    it("a selector the pack cannot read is judged as picking every set", async () => {
        const report = await judgeResources(pack(), [gns("internet", ["0.0.0.0/0"], { role: "internet" }), gnp("odd", { selector: "role ~= 'x'" })]);
        assert.deepEqual(summary(report, "egress-only-stripe"), ["egress-only-stripe mandatory odd spec.egress[0].destination.selector"]);
    });
});

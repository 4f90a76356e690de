import { strict as assert } from "assert";
import { CidrSet } from "../../../policies/net";
import { PRIVATE_CIDRS } from "../../../policies/lib/defaults";
import { pinnedStripeApiAddresses } from "../../../policies/net";
import { UNKNOWN_SENTINEL } from "../../../policies/lib/read";
import { networkPolicyViolations } from "../../../policies/egress-only-stripe/networkPolicy";
import { engineResource, findings, judgeResources, summary, usePack } from "../../support/pack";

const ctx = { stripeApiCidrs: CidrSet.parse(pinnedStripeApiAddresses(), "stripe"), privateCidrs: CidrSet.parse(PRIVATE_CIDRS, "private"), allowedHosts: new Set(["api.stripe.com"]) };
const fields = (egress: unknown) => networkPolicyViolations({ spec: { podSelector: {}, policyTypes: ["Egress"], egress } }, ctx).map((v) => v.field);
const https = [{ protocol: "TCP", port: 443 }];

describe("egress-only-stripe: Kubernetes NetworkPolicy egress", () => {
    it("flags a rule with no `to`, or an empty one, whatever its ports", () => {
        assert.deepEqual(fields([{ ports: [{ protocol: "UDP", port: 53 }] }]), ["spec.egress[0].to"]);
        assert.deepEqual(fields([{}]), ["spec.egress[0].to"]);
        assert.deepEqual(fields([{ to: [], ports: https }]), ["spec.egress[0].to"]);
    });

    it("flags a public ipBlock outside the allow-list, and `except` does not help", () => {
        assert.deepEqual(fields([{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } }], ports: https }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
        assert.deepEqual(fields([{ to: [{ ipBlock: { cidr: "::/0" } }], ports: https }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
    });

    it("flags a Stripe ipBlock with ports other than exactly TCP 443", () => {
        const stripe = [{ ipBlock: { cidr: "13.55.5.15/32" } }];
        assert.deepEqual(fields([{ to: stripe }]), ["spec.egress[0].to[0].ipBlock.cidr"], "no ports: every port");
        assert.deepEqual(fields([{ to: stripe, ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 80 }] }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
        assert.deepEqual(fields([{ to: stripe, ports: [{ protocol: "UDP", port: 443 }] }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
        assert.deepEqual(fields([{ to: stripe, ports: [{ port: 443, endPort: 8443 }] }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
        assert.deepEqual(fields([{ to: stripe, ports: [{ port: "https" }] }]), ["spec.egress[0].to[0].ipBlock.cidr"]);
        const [v] = networkPolicyViolations({ spec: { egress: [{ to: stripe, ports: [{ port: 80 }] }] } }, ctx);
        assert.match(v.message, /on the allow-list but the rule admits TCP 80 \(spec\.egress\[0\]\.ports\[0\]\.port\)/);
    });

    it("allows TCP 443 to Stripe (protocol defaulting to TCP), private blocks and in-cluster selectors", () => {
        assert.deepEqual(fields([
            { to: [{ ipBlock: { cidr: "13.55.5.15/32" } }, { ipBlock: { cidr: "13.56.126.253/32" } }], ports: [{ port: 443 }] },
            { to: [{ ipBlock: { cidr: "10.0.64.0/20" } }], ports: [{ protocol: "TCP", port: 5432 }] },
            { to: [{ podSelector: { matchLabels: { app: "auth" } } }, { namespaceSelector: {} }] },
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }] },
        ]), []);
    });

    it("reports what is visible and says nothing about unknown parts", () => {
        assert.deepEqual(fields([
            { to: [{ ipBlock: { cidr: UNKNOWN_SENTINEL } }], ports: https },
            { to: UNKNOWN_SENTINEL },
            { to: [{ ipBlock: { cidr: "13.55.5.15/32" } }], ports: [{ port: UNKNOWN_SENTINEL }] },
            { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: UNKNOWN_SENTINEL },
        ]), ["spec.egress[3].to[0].ipBlock.cidr"]);
        assert.deepEqual(fields(UNKNOWN_SENTINEL), []);
    });
});

describe("egress-only-stripe: NetworkPolicy policyTypes (through the gRPC interface)", () => {
    const pack = usePack();
    const policy = (name: string, spec: Record<string, unknown>) => engineResource("kubernetes:networking.k8s.io/v1:NetworkPolicy", name, { metadata: { namespace: "app" }, spec: { podSelector: {}, ...spec } });

    it("judges egress rules only when policyTypes includes Egress, or is omitted and the policy has egress rules", async () => {
        const report = await judgeResources(pack(), [
            policy("omitted", { egress: [{}] }),
            policy("both", { policyTypes: ["Ingress", "Egress"], egress: [{}] }),
            policy("ingress-only", { policyTypes: ["Ingress"], ingress: [{}], egress: [{}] }),
            policy("omitted-ingress", { ingress: [{}] }),
        ]);
        assert.deepEqual(summary(report, "egress-only-stripe"), [
            "egress-only-stripe mandatory both spec.egress[0].to",
            "egress-only-stripe mandatory omitted spec.egress[0].to",
        ]);
        assert.match(findings(report)[0].text, /^\(not set\) lets the selected pods reach every address, inside the cluster and out to the internet/);
    });
});

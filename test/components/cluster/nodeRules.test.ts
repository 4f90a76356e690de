import { strict as assert } from "assert";
import { planNodeRules, vpcResolverCidr } from "../../../components/cluster";

describe("components/cluster/nodeRules", () => {
    it("finds the VPC resolver at the base address + 2", () => {
        assert.equal(vpcResolverCidr("10.0.0.0/16"), "10.0.0.2/32");
        assert.equal(vpcResolverCidr("10.20.0.0/16"), "10.20.0.2/32");
        assert.equal(vpcResolverCidr("192.168.16.0/20"), "192.168.16.2/32");
        assert.throws(() => vpcResolverCidr("2001:db8::/32"), /not an IPv4 CIDR/);
    });

    const rules = planNodeRules({ vpcCidr: "10.0.0.0/16", controlPlaneToNodePorts: [443, 10250] });
    const view = (dir: string, group: string) =>
        rules.filter((r) => r.direction === dir && r.group === group).map((r) => `${r.protocol}/${r.port} ${r.peer.kind === "group" ? r.peer.group : r.peer.kind === "cidr" ? r.peer.cidr : r.peer.kind}`).sort();

    it("lets into nodes only the control plane (kubelet, webhooks) and other nodes' DNS", () => {
        assert.deepEqual(view("ingress", "nodes"), ["tcp/10250 control-plane", "tcp/443 control-plane", "tcp/53 nodes", "udp/53 nodes"]);
    });

    it("lets nodes out only to the API server, the endpoints, S3, the resolver and other nodes' DNS", () => {
        assert.deepEqual(view("egress", "nodes"), [
            "tcp/443 control-plane", "tcp/443 endpoints", "tcp/443 s3", "tcp/53 10.0.0.2/32", "tcp/53 nodes", "udp/53 10.0.0.2/32", "udp/53 nodes",
        ]);
    });

    it("gives the control plane HTTPS from nodes in and kubelet/webhooks to nodes out", () => {
        assert.deepEqual(view("ingress", "control-plane"), ["tcp/443 nodes"]);
        assert.deepEqual(view("egress", "control-plane"), ["tcp/10250 nodes", "tcp/443 nodes"]);
    });

    it("writes both sides of every flow between its groups, with unique keys", () => {
        for (const r of rules.filter((x) => x.peer.kind === "group")) {
            const mirror = rules.find((m) => m.group === (r.peer as { group: string }).group && m.direction !== r.direction &&
                m.peer.kind === "group" && m.peer.group === r.group && m.protocol === r.protocol && m.port === r.port);
            assert.ok(mirror, `${r.key} has its other side`);
        }
        assert.equal(new Set(rules.map((r) => r.key)).size, rules.length);
    });

    it("adds webhook ports once each, and refuses a port that is not one", () => {
        const more = planNodeRules({ vpcCidr: "10.0.0.0/16", controlPlaneToNodePorts: [443, 10250, 9443, 9443] });
        assert.equal(more.filter((r) => r.port === 9443).length, 2);
        assert.throws(() => planNodeRules({ vpcCidr: "10.0.0.0/16", controlPlaneToNodePorts: [0] }), /port 0 is not a TCP port/);
    });
});

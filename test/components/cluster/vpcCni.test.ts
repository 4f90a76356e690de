import { strict as assert } from "assert";
import { vpcCniConfigurationValues } from "../../../components/cluster";

// Keys of the vpc-cni add-on configuration schema (describe-addon-configuration)
// this program may send; the schema has additionalProperties: false throughout.
const SCHEMA_TOP_LEVEL = ["env", "init", "enableNetworkPolicy", "nodeAgent", "resources", "tolerations", "affinity", "livenessProbeTimeoutSeconds", "readinessProbeTimeoutSeconds", "eniConfig"];
const SCHEMA_ENV = ["ENABLE_POD_ENI", "POD_SECURITY_GROUP_ENFORCING_MODE", "ENABLE_PREFIX_DELEGATION", "WARM_ENI_TARGET", "WARM_IP_TARGET", "AWS_VPC_K8S_CNI_EXTERNALSNAT"];
const SCHEMA_INIT_ENV = ["DISABLE_TCP_EARLY_DEMUX", "ENABLE_IPv6"];

describe("components/cluster/vpcCni", () => {
    const sent = JSON.parse(vpcCniConfigurationValues());

    it("turns network policy enforcement on (without it NetworkPolicies are stored and ignored)", () => {
        assert.equal(sent.enableNetworkPolicy, "true");
    });

    it("turns pod ENIs on for security groups for pods, in the mode that keeps network policies working", () => {
        assert.equal(sent.env.ENABLE_POD_ENI, "true");
        assert.equal(sent.env.POD_SECURITY_GROUP_ENFORCING_MODE, "standard");
    });

    it("lets the pods' own security groups judge their traffic out of the VPC (no SNAT to the node, whose group opens nothing outside)", () => {
        // Standard mode with SNAT on: off-VPC traffic is SNATed via eth0 and only the node's groups apply (vpc-cni README).
        assert.equal(sent.env.AWS_VPC_K8S_CNI_EXTERNALSNAT, "true");
        assert.equal(sent.env.AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS, undefined, "only meaningful with SNAT on");
    });

    it("lets kubelet probes reach branch-ENI pods", () => {
        assert.equal(sent.init.env.DISABLE_TCP_EARLY_DEMUX, "true");
    });

    it("sends only keys the add-on schema knows, with string values as the schema types them", () => {
        assert.deepEqual(Object.keys(sent).filter((k) => !SCHEMA_TOP_LEVEL.includes(k)), []);
        assert.deepEqual(Object.keys(sent.env).filter((k) => !SCHEMA_ENV.includes(k)), []);
        assert.deepEqual(Object.keys(sent.init).filter((k) => k !== "env"), []);
        assert.deepEqual(Object.keys(sent.init.env).filter((k) => !SCHEMA_INIT_ENV.includes(k)), []);
        for (const v of [sent.enableNetworkPolicy, ...Object.values(sent.env), ...Object.values(sent.init.env)]) {
            assert.equal(typeof v, "string");
        }
    });
});

// The TLS switches of data, streaming and search services other than the
// caches and parameter groups: database proxies, managed Kafka (client to
// broker, between brokers, and Kafka Connect to the cluster), OpenSearch and
// Elasticsearch domains (HTTPS enforcement, the endpoint's TLS policy,
// node-to-node encryption), CloudSearch endpoints, DAX endpoints, Redshift
// parameter groups and Serverless workgroups, and API Gateway custom domains.
// Each reads the provider's documented default for a field not set.
import { elements, field, INVALID, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const RDS_PROXY = "aws:rds/proxy:Proxy";
export const MSK_CLUSTER = "aws:msk/cluster:Cluster";
export const MSK_CONNECTOR = "aws:mskconnect/connector:Connector";
export const SEARCH_DOMAIN_TYPES: readonly string[] = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];
export const CLOUDSEARCH_DOMAIN = "aws:cloudsearch/domain:Domain";
export const DAX_CLUSTER = "aws:dax/cluster:Cluster";
export const REDSHIFT_PARAMETER_GROUP = "aws:redshift/parameterGroup:ParameterGroup";
export const REDSHIFT_WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup";
export const APIGATEWAY_DOMAIN = "aws:apigateway/domainName:DomainName";
export const APIGATEWAYV2_DOMAIN = "aws:apigatewayv2/domainName:DomainName";

/** A flag that must be true (true by default when `defaultTrue`); invalid values are judged as off. */
function mustBeOn(value: unknown, defaultTrue: boolean): boolean {
    const v = readFlag(value);
    return v === true || v === UNKNOWN || (v === undefined && defaultTrue);
}

/** RDS Proxy: requireTls defaults to false, so a proxy accepts plain-text clients unless told otherwise. */
export function rdsProxyViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return mustBeOn(props.requireTls, false)
        ? []
        : [{ field: "requireTls", message: `${show(props.requireTls)} lets clients connect to the proxy without TLS (the default is false); set requireTls to true` }];
}

/** MSK: clientBroker TLS (the default) and inCluster true (the default). */
export function mskClusterViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const transit = readObject(field(readObject(props.encryptionInfo), "encryptionInTransit"));
    const out: Violation[] = [];
    const clientBroker = readString(field(transit, "clientBroker"));
    if (typeof clientBroker === "string" && clientBroker.toUpperCase() !== "TLS") {
        out.push({
            field: "encryptionInfo.encryptionInTransit.clientBroker",
            message: `${show(clientBroker)} lets clients reach the brokers in plain text; set it to "TLS" (the default)`,
        });
    }
    if (!mustBeOn(field(transit, "inCluster"), true)) {
        out.push({ field: "encryptionInfo.encryptionInTransit.inCluster", message: `${show(field(transit, "inCluster"))} sends data between brokers in plain text; set it to true (the default)` });
    }
    return out;
}

/** MSK Connect: the connector's connection to the cluster. */
export function mskConnectorViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const type = readString(field(readObject(props.kafkaClusterEncryptionInTransit), "encryptionType"));
    return typeof type === "string" && type.toUpperCase() !== "TLS"
        ? [{ field: "kafkaClusterEncryptionInTransit.encryptionType", message: `${show(type)} connects to the cluster in plain text; set it to "TLS"` }]
        : [];
}

const OLD_SEARCH_POLICY = /TLS-1-0|TLS-1-1/i;

function endpointPolicyViolations(options: unknown, at: string, enforceDefault: boolean, what: string): Violation[] {
    const o = readObject(options);
    const out: Violation[] = [];
    if (!mustBeOn(field(o, "enforceHttps"), enforceDefault)) {
        out.push({ field: `${at}.enforceHttps`, message: `${show(field(o, "enforceHttps"))} lets clients reach the ${what} over plain HTTP; set enforceHttps to true` });
    }
    const policy = readString(field(o, "tlsSecurityPolicy"));
    if (policy === undefined || (typeof policy === "string" && OLD_SEARCH_POLICY.test(policy))) {
        out.push({
            field: `${at}.tlsSecurityPolicy`,
            message:
                `${policy === undefined ? "(not set) leaves the endpoint at AWS's default, which for many domains is Policy-Min-TLS-1-0-2019-07," : show(policy)} ` +
                `accepting TLS older than 1.2; set "Policy-Min-TLS-1-2-PFS-2023-10" (or "Policy-Min-TLS-1-2-2019-07")`,
        });
    }
    return out;
}

/** OpenSearch and Elasticsearch domains: HTTPS enforced (the provider's default), a TLS 1.2 policy, node-to-node encryption (off unless enabled). */
export function searchDomainTlsViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const out = endpointPolicyViolations(props.domainEndpointOptions, "domainEndpointOptions", true, "domain");
    const n2n = field(readObject(props.nodeToNodeEncryption), "enabled");
    if (!mustBeOn(n2n, false)) {
        out.push({ field: "nodeToNodeEncryption.enabled", message: `${show(n2n)} sends data between the domain's nodes in plain text; set nodeToNodeEncryption.enabled to true` });
    }
    return out;
}

/** CloudSearch: the API's defaults are HTTP allowed and TLS 1.0. */
export function cloudSearchViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return endpointPolicyViolations(props.endpointOptions, "endpointOptions", false, "search domain");
}

/** DAX: the endpoint is plain text unless clusterEndpointEncryptionType is "TLS" (default "NONE"). */
export function daxViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const type = readString(props.clusterEndpointEncryptionType);
    return type === UNKNOWN || (typeof type === "string" && type.toUpperCase() === "TLS")
        ? []
        : [{ field: "clusterEndpointEncryptionType", message: `${show(type)} serves the cluster endpoint in plain text (the default is "NONE"); set it to "TLS"` }];
}

/** Redshift: require_ssl false lets clients connect without TLS. Parameters set more than once are judged by every value. */
function requireSslViolations(list: unknown, nameKey: string, valueKey: string, at: string): Violation[] {
    const entries = elements(list);
    if (entries === UNKNOWN) {
        return [];
    }
    const out: Violation[] = [];
    entries.forEach((e, i) => {
        const entry = readObject(e);
        const name = readString(field(entry, nameKey));
        if (typeof name !== "string" || name.toLowerCase() !== "require_ssl") {
            return;
        }
        const raw = field(entry, valueKey);
        const v = readFlag(typeof raw === "string" ? raw.toLowerCase() : raw);
        if (v === false || v === INVALID) {
            out.push({ field: `${at}[${i}].${valueKey}`, message: `require_ssl = ${show(raw)} lets clients connect without TLS; set it to "true"` });
        }
    });
    return out;
}

/** Redshift parameter groups: `name`/`value` (AWS provider), `parameterName`/`parameterValue` (aws-native). */
export function redshiftParameterGroupViolations(props: Readonly<Record<string, unknown>>, nameKey = "name", valueKey = "value"): Violation[] {
    return requireSslViolations(props.parameters, nameKey, valueKey, "parameters");
}

export function redshiftWorkgroupViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    return requireSslViolations(props.configParameters, "parameterKey", "parameterValue", "configParameters");
}

/** API Gateway custom domains: TLS_1_0 accepts TLS 1.0; a REST domain without a policy is judged as that too. */
export function apiGatewayDomainViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const policy = readString(props.securityPolicy);
    if (policy === UNKNOWN || (typeof policy === "string" && !/TLS_?1_?0\b|TLS_1_1/i.test(policy))) {
        return [];
    }
    return [{
        field: "securityPolicy",
        message: `${policy === undefined ? "(not set) leaves the domain at a policy AWS may default to TLS_1_0," : show(policy)} accepting TLS older than 1.2; set "TLS_1_2" or a TLS 1.3 policy`,
    }];
}

export function apiGatewayV2DomainViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const policy = readString(field(readObject(props.domainNameConfiguration), "securityPolicy"));
    return typeof policy === "string" && /TLS_?1_?0\b|TLS_1_1/i.test(policy)
        ? [{ field: "domainNameConfiguration.securityPolicy", message: `${show(policy)} accepts TLS older than 1.2; set "TLS_1_2"` }]
        : [];
}

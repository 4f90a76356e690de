// CloudFront: the viewer hop (viewer protocol policy per cache behaviour, the
// minimum TLS version of the viewer certificate's security policy) and the
// origin hop (origin protocol policy, the SSL protocols CloudFront may use to
// the origin), on distributions, multi-tenant distributions and VPC origins.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html
import { elements, field, readFlag, readObject, readString, show, UNKNOWN } from "../lib/read";
import { Violation } from "../lib/violation";

export const DISTRIBUTION_TYPES: readonly string[] = ["aws:cloudfront/distribution:Distribution", "aws:cloudfront/multitenantDistribution:MultitenantDistribution"];
export const VPC_ORIGIN = "aws:cloudfront/vpcOrigin:VpcOrigin";

/**
 * Viewer security policies whose minimum is older than TLS 1.2. The API
 * default is TLSv1, and a distribution on the default *.cloudfront.net
 * certificate always uses TLSv1.
 */
const OLD_VIEWER_POLICIES: ReadonlySet<string> = new Set(["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"]);
const OLD_ORIGIN_PROTOCOLS: ReadonlySet<string> = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

function viewerPolicyViolations(behavior: unknown, at: string): Violation[] {
    const policy = readString(field(readObject(behavior), "viewerProtocolPolicy"));
    return policy === "allow-all"
        ? [{ field: `${at}.viewerProtocolPolicy`, message: `"allow-all" serves viewers over plain HTTP; use "redirect-to-https" or "https-only"` }]
        : [];
}

function originProtocolViolations(protocolPolicy: unknown, sslProtocols: unknown, at: string, sslAt: string, viewerAllowsHttp: boolean): Violation[] {
    const out: Violation[] = [];
    const policy = readString(protocolPolicy);
    if (policy === "http-only") {
        out.push({ field: `${at}.originProtocolPolicy`, message: `"http-only" sends requests to the origin in plain text; use "https-only"` });
    } else if (policy === "match-viewer" && viewerAllowsHttp) {
        out.push({ field: `${at}.originProtocolPolicy`, message: `"match-viewer" sends a viewer's plain-HTTP request on to the origin in plain text (a cache behaviour allows HTTP); use "https-only"` });
    }
    const protocols = elements(sslProtocols);
    if (protocols !== UNKNOWN) {
        const old = protocols.map(readString).filter((p): p is string => typeof p === "string" && OLD_ORIGIN_PROTOCOLS.has(p));
        if (old.length > 0) {
            out.push({ field: sslAt, message: `lets CloudFront connect to the origin with ${old.join(", ")}; list only "TLSv1.2"` });
        }
    }
    return out;
}

export function distributionViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const out: Violation[] = [];
    const behaviors: [unknown, string][] = [[props.defaultCacheBehavior, "defaultCacheBehavior"]];
    for (const key of ["orderedCacheBehaviors", "cacheBehaviors"]) {
        const list = elements(props[key]);
        if (list !== UNKNOWN) {
            list.forEach((b, i) => behaviors.push([b, `${key}[${i}]`]));
        }
    }
    const httpOrigins = new Set<string>();
    for (const [b, at] of behaviors) {
        const v = viewerPolicyViolations(b, at);
        out.push(...v);
        const target = readString(field(readObject(b), "targetOriginId"));
        if (v.length > 0 && typeof target === "string") {
            httpOrigins.add(target);
        }
    }
    const origins = elements(props.origins);
    if (origins !== UNKNOWN) {
        origins.forEach((o, i) => {
            const origin = readObject(o);
            const custom = readObject(field(origin, "customOriginConfig"));
            const id = readString(field(origin, "originId"));
            out.push(
                ...originProtocolViolations(
                    field(custom, "originProtocolPolicy"),
                    field(custom, "originSslProtocols"),
                    `origins[${i}].customOriginConfig`,
                    `origins[${i}].customOriginConfig.originSslProtocols`,
                    typeof id === "string" && httpOrigins.has(id),
                ),
            );
        });
    }
    const cert = readObject(props.viewerCertificate);
    if (cert !== UNKNOWN && cert !== undefined) {
        const usesDefault = readFlag(cert.cloudfrontDefaultCertificate) === true;
        const minimum = readString(cert.minimumProtocolVersion);
        if (usesDefault) {
            out.push({
                field: "viewerCertificate.cloudfrontDefaultCertificate",
                message: "true serves viewers with CloudFront's default *.cloudfront.net certificate, whose security policy is always TLSv1 (TLS 1.0 and 1.1 accepted); use your own certificate (acmCertificateArn) with minimumProtocolVersion \"TLSv1.2_2021\" or newer",
            });
        } else if (minimum === undefined || (typeof minimum === "string" && OLD_VIEWER_POLICIES.has(minimum))) {
            out.push({
                field: "viewerCertificate.minimumProtocolVersion",
                message: `${minimum === undefined ? "(not set) defaults to \"TLSv1\", which" : `${show(minimum)}`} accepts viewers below TLS 1.2; set "TLSv1.2_2021" or newer`,
            });
        }
    }
    return out;
}

export function vpcOriginViolations(props: Readonly<Record<string, unknown>>): Violation[] {
    const config = readObject(props.vpcOriginEndpointConfig);
    return originProtocolViolations(
        field(config, "originProtocolPolicy"),
        field(readObject(field(config, "originSslProtocols")), "items"),
        "vpcOriginEndpointConfig",
        "vpcOriginEndpointConfig.originSslProtocols.items",
        false,
    );
}

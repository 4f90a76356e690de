// The origin behind Cloudflare: an internet-facing ALB in the public subnets
// that admits HTTPS from Cloudflare's ranges only, completes TLS only with the
// zone's own origin-pull client certificate (mutual TLS against the stack's
// CA), and forwards over TLS to the gateway's pods. HTTP is only ever redirected.
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { checkNames, NAME_LIMITS } from "../naming";
import { AlbRule, HTTPS_PORT, planAlbRules } from "./albRules";
import { allowElbLogDelivery, createSecureBucket } from "./buckets";
import { createValidatedCertificate } from "./certificate";
import { CloudflareRanges, describeDrift, rangeDrift } from "./cloudflareRanges";
import { createOriginPullTrust } from "./originPull";
import { AlbSslPolicy, EDGE_DEFAULTS, HealthCheckSpec, healthCheckProblems, RangeDriftMode } from "./types";

export interface EdgeLoadBalancerArgs {
    /** The VPC of the load balancer and its target group. */
    readonly vpcId: pulumi.Input<string>;
    /** Public subnets, one per zone: the only tier the load balancer lives in. */
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** The catalog's edge service, which the load balancer forwards to over TLS. */
    readonly target: { readonly name: string; readonly port: number; readonly tls: boolean };
    /** Security group of the target's pods; the load balancer reaches that group only. */
    readonly targetSecurityGroupId: pulumi.Input<string>;
    /** Cloudflare's ranges, pinned: the only sources admitted on 443. */
    readonly cloudflareRanges: CloudflareRanges;
    /** What a deploy does when Cloudflare publishes other ranges. @default "fail" */
    readonly rangeDrift?: RangeDriftMode;
    /** The zone's domain; the certificate covers it and its routed labels. */
    readonly zoneName: string;
    /** Cloudflare zone that receives the certificate's validation records. */
    readonly zoneId: pulumi.Input<string>;
    /** Labels routed to the load balancer besides the apex. @default ["www", "api"] */
    readonly hostLabels?: readonly string[];
    /** PEM bundle of the CAs of the zone's origin-pull client certificate (OriginPullCertificates.caBundlePem): the only CAs trusted. */
    readonly originPullCaPem: pulumi.Input<string>;
    /** TLS policy of the HTTPS listener. @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    readonly sslPolicy?: AlbSslPolicy;
    /** Write access logs to an S3 bucket. @default true */
    readonly accessLogs?: boolean;
    /** Days access logs are kept. @default 90 */
    readonly accessLogRetentionDays?: number;
    /** Protect the load balancer from deletion, and keep its buckets on destroy. @default true */
    readonly deletionProtection?: boolean;
    /** Seconds an idle connection is kept open. @default 60 */
    readonly idleTimeoutSeconds?: number;
    /** Health check of the target group. @default seed 003: /health, 10 s, 5 s, 3 failures */
    readonly healthCheck?: HealthCheckSpec;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Prefix of access-log objects in their bucket. */
export const ACCESS_LOG_PREFIX = "alb";

export class EdgeLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly httpsListener: aws.lb.Listener;
    /** The listener's mutual-TLS trust store (the origin-pull CAs). */
    readonly trustStore: aws.lb.TrustStore;
    /** Every rule of the edge flow, as planned. */
    readonly rules: readonly AlbRule[];
    readonly dnsName: pulumi.Output<string>;
    readonly targetGroupArn: pulumi.Output<string>;
    readonly certificateArn: pulumi.Output<string>;
    /** The access-log bucket's name; undefined when access logs are off. */
    readonly accessLogBucket?: pulumi.Output<string>;

    constructor(name: string, args: EdgeLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:edge:EdgeLoadBalancer", name, {}, opts);
        if (!args.target.tls) {
            throw new Error(`${name}: the edge service ${args.target.name} must terminate TLS; the load balancer forwards over HTTPS only`);
        }
        // Every name here is made by Pulumi from these logical names: each must fit its service's limit.
        checkNames(`${name}`, [
            { name: `${name}-alb`, limit: NAME_LIMITS.loadBalancer, autonamed: true },
            { name: `${name}-tg`, limit: NAME_LIMITS.targetGroup, autonamed: true },
            { name: `${name}-aop`, limit: NAME_LIMITS.trustStore, autonamed: true },
            { name: `${name}-access-logs`, limit: NAME_LIMITS.s3Bucket, autonamed: true },
            { name: `${name}-aop-trust`, limit: NAME_LIMITS.s3Bucket, autonamed: true },
        ]);
        const health = args.healthCheck ?? EDGE_DEFAULTS.healthCheck;
        const unhealthy = healthCheckProblems(health);
        if (unhealthy.length > 0) {
            throw new Error(`${name}: the target group's health check is one ELB refuses (CreateTargetGroup): ${unhealthy.join("; ")}`);
        }
        const child = { parent: this };
        const baseTags = args.tags ?? {};
        const tags = (role: string) => ({ ...baseTags, Name: `${name}-${role}` });
        const protect = args.deletionProtection ?? EDGE_DEFAULTS.deletionProtection;

        this.securityGroup = new aws.ec2.SecurityGroup(`${name}-alb`, {
            vpcId: args.vpcId,
            description: `Edge load balancer: HTTPS from Cloudflare only; to ${args.target.name} only`,
            // Rules are standalone resources; destroying the group must not wait on the gateway's rule to it.
            revokeRulesOnDelete: true,
            tags: tags("alb"),
        }, child);
        this.rules = planAlbRules(args.cloudflareRanges, args.target);
        this.createRules(name, args.targetSecurityGroupId);
        const driftCheck = this.checkRanges(args.cloudflareRanges, args.rangeDrift ?? EDGE_DEFAULTS.rangeDrift);

        const cert = createValidatedCertificate(`${name}-cert`, {
            zone: args.zoneName,
            zoneId: args.zoneId,
            labels: args.hostLabels ?? EDGE_DEFAULTS.hostLabels,
            tags: baseTags,
        }, this);
        this.trustStore = createOriginPullTrust(`${name}-aop`, { caBundlePem: args.originPullCaPem, forceDestroy: !protect, tags: baseTags }, this);

        const logs = (args.accessLogs ?? EDGE_DEFAULTS.accessLogs) ? this.accessLogBucketFor(name, args, !protect, baseTags) : undefined;
        this.accessLogBucket = logs?.bucket.bucket;

        this.loadBalancer = new aws.lb.LoadBalancer(`${name}-alb`, {
            loadBalancerType: "application",
            internal: false,
            ipAddressType: "ipv4",
            subnets: args.publicSubnetIds,
            securityGroups: [this.securityGroup.id],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: protect,
            idleTimeout: args.idleTimeoutSeconds ?? EDGE_DEFAULTS.idleTimeoutSeconds,
            accessLogs: logs ? { bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true } : undefined,
            tags: tags("alb"),
        }, { parent: this, dependsOn: logs ? [logs.policy] : [] });

        this.targetGroup = new aws.lb.TargetGroup(`${name}-tg`, {
            vpcId: args.vpcId,
            // Pods are registered by address (the Kubernetes layer's TargetGroupBinding).
            targetType: "ip",
            ipAddressType: "ipv4",
            protocol: "HTTPS",
            port: args.target.port,
            healthCheck: {
                enabled: true,
                protocol: "HTTPS",
                port: "traffic-port",
                path: health.path,
                interval: health.intervalSeconds,
                timeout: health.timeoutSeconds,
                unhealthyThreshold: health.unhealthyThreshold,
                healthyThreshold: health.healthyThreshold,
                matcher: "200",
            },
            tags: tags("tg"),
        }, child);

        this.httpsListener = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: this.loadBalancer.arn,
            port: HTTPS_PORT,
            protocol: "HTTPS",
            sslPolicy: args.sslPolicy ?? EDGE_DEFAULTS.sslPolicy,
            // The validation's ARN, so the listener waits until ACM has issued the certificate.
            certificateArn: cert.validation.certificateArn,
            mutualAuthentication: { mode: "verify", trustStoreArn: this.trustStore.arn, ignoreClientCertificateExpiry: false },
            defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
            tags: tags("https"),
        }, child);
        new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: this.loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
            tags: tags("http"),
        }, child);

        this.dnsName = this.loadBalancer.dnsName;
        this.targetGroupArn = this.targetGroup.arn;
        this.certificateArn = cert.validation.certificateArn;
        this.registerOutputs({
            dnsName: this.dnsName,
            loadBalancerArn: this.loadBalancer.arn,
            securityGroupId: this.securityGroup.id,
            targetGroupArn: this.targetGroupArn,
            certificateArn: this.certificateArn,
            cloudflareRangesChecked: driftCheck,
        });
    }

    private createRules(name: string, targetGroupId: pulumi.Input<string>): void {
        const groupOf = (side: "alb" | "target") => (side === "alb" ? this.securityGroup.id : targetGroupId);
        for (const r of this.rules) {
            const peer = ((): Pick<aws.vpc.SecurityGroupIngressRuleArgs, "cidrIpv4" | "cidrIpv6" | "referencedSecurityGroupId"> => {
                switch (r.peer.kind) {
                    case "cidr":
                        return r.peer.cidr.includes(":") ? { cidrIpv6: r.peer.cidr } : { cidrIpv4: r.peer.cidr };
                    case "alb":
                    case "target":
                        return { referencedSecurityGroupId: groupOf(r.peer.kind) };
                }
            })();
            const ruleArgs = { securityGroupId: groupOf(r.on), ipProtocol: "tcp", fromPort: r.port, toPort: r.port, description: r.description, ...peer };
            if (r.direction === "ingress") {
                new aws.vpc.SecurityGroupIngressRule(`${name}-${r.key}`, ruleArgs, { parent: this });
            } else {
                new aws.vpc.SecurityGroupEgressRule(`${name}-${r.key}`, ruleArgs, { parent: this });
            }
        }
    }

    /** Compares the pinned ranges with Cloudflare's published ones when the program runs (preview included). */
    private checkRanges(pinned: CloudflareRanges, mode: RangeDriftMode): pulumi.Output<boolean> {
        return cloudflare.getIpRangesOutput({}, { parent: this }).apply((published) => {
            const message = describeDrift(rangeDrift(pinned, { ipv4: published.ipv4Cidrs, ipv6: published.ipv6Cidrs }));
            if (message === undefined) {
                return true;
            }
            switch (mode) {
                case "fail":
                    throw new Error(`${message} (cloudflareRangeDrift is "fail")`);
                case "warn":
                    pulumi.log.warn(message, this);
                    return false;
            }
        });
    }

    private accessLogBucketFor(name: string, args: EdgeLoadBalancerArgs, forceDestroy: boolean, tags: Readonly<Record<string, string>>) {
        const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this });
        const account = aws.getCallerIdentityOutput({}, { parent: this });
        return createSecureBucket(`${name}-access-logs`, this, {
            versioned: false,
            forceDestroy,
            expireAfterDays: args.accessLogRetentionDays ?? EDGE_DEFAULTS.accessLogRetentionDays,
            statements: (arn) => pulumi.all([elbAccount.arn, account.accountId]).apply(([elb, accountId]) => [
                allowElbLogDelivery(arn, ACCESS_LOG_PREFIX, elb, accountId),
            ]),
            tags,
        });
    }
}

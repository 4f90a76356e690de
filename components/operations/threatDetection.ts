// Threat detection and posture (seed 002 "AWS Security Services").
//
// Per account and region there is one GuardDuty detector, one Security Hub,
// one ECR registry scanning configuration. Several stacks may share an
// account, so exactly one of them owns these (`ownsAccountServices`); the
// others must not create them (a second detector is refused, a second
// scanning configuration silently replaces the first).
//
// Every stack installs what its own cluster needs for Runtime Monitoring: the
// aws-guardduty-agent add-on and the guardduty-data interface endpoint it
// reports through. GuardDuty could do both itself (automated agent
// configuration), but it would then create an endpoint and a security group
// in every VPC of the account that holds an EKS cluster, outside any stack's
// state: that endpoint keeps the VPC from being deleted, its group is opened
// by GuardDuty rather than by the traffic catalog, and the add-on's version
// would change under the program. So agent management is off in the
// detector, and the endpoint reuses the network's endpoint group (443 from
// the VPC only, what GuardDuty's documentation asks for) with GuardDuty's
// documented policy limiting it to this account.
// https://docs.aws.amazon.com/guardduty/latest/ug/eksrunmon-prereq-deploy-security-agent.html
//
// Findings of high severity reach the alert topic through EventBridge rules.
// Each stack forwards what the account's services report, so in a shared
// account every stack's topic hears every finding.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    checkDetectorFeatures,
    DETECTOR_FEATURES,
    ECR_FILTER,
    guardDutyFindingPattern,
    SECURITY_STANDARDS,
    securityHubFindingPattern,
    standardsArn,
    wildcardMatches,
} from "./findings";
import { eventRuleToTopic } from "./eventRules";
import { ImageScanType } from "./types";

export interface ThreatDetectionArgs {
    /** Whether this stack creates the account's (region's) GuardDuty detector, Security Hub and ECR scanning configuration. */
    readonly ownsAccountServices: boolean;
    /** Where high-severity findings go. */
    readonly topicArn: pulumi.Input<string>;
    /** The VPC of the cluster. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets of the cluster's nodes: the endpoint gets an interface in each. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The network's endpoint group (443 from the VPC only). */
    readonly endpointSecurityGroupId: pulumi.Input<string>;
    /** The cluster; the add-on is installed once its node groups exist. */
    readonly cluster: { readonly name: pulumi.Input<string>; readonly kubernetesVersion: string; readonly nodeGroupNames: readonly pulumi.Input<string>[] };
    /** ECR scanning of the pull-through cache. @default "ENHANCED" */
    readonly imageScanType?: ImageScanType;
    /** ECR WILDCARD filter naming the cache repositories of every stack of the account. */
    readonly imageRepositoryFilter: string;
    /** This stack's cache prefixes: each must match the filter. */
    readonly cacheRepositoryPrefixes: readonly string[];
    /** `protect` on the account-level services (deleting the detector deletes its findings). @default true */
    readonly protect?: boolean;
    /** Tags added to every resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** The EKS add-on that runs GuardDuty's security agent. */
export const GUARDDUTY_AGENT_ADDON = "aws-guardduty-agent";

/** GuardDuty's documented endpoint policy: usable only by principals of this account. */
export function guardDutyEndpointPolicy(accountId: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Action: "*", Resource: "*", Effect: "Allow", Principal: "*" },
            { Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } }, Action: "*", Resource: "*", Effect: "Deny", Principal: "*" },
        ],
    });
}

export class ThreatDetection extends pulumi.ComponentResource {
    /** The detector, when this stack owns it. */
    readonly detector?: aws.guardduty.Detector;
    readonly agentAddon: aws.eks.Addon;
    readonly endpoint: aws.ec2.VpcEndpoint;

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tickettoken:operations:ThreatDetection", name, {}, opts);
        const scanType = args.imageScanType ?? "ENHANCED";
        if (!ECR_FILTER.test(args.imageRepositoryFilter)) {
            throw new Error(`ThreatDetection ${name}: ECR filter "${args.imageRepositoryFilter}" must be 1-256 lower-case letters, digits, . _ - / and *`);
        }
        const unmatched = args.cacheRepositoryPrefixes.filter((p) => !wildcardMatches(args.imageRepositoryFilter, `${p}/repository`));
        if (unmatched.length > 0) {
            throw new Error(`ThreatDetection ${name}: ECR filter "${args.imageRepositoryFilter}" does not match the cache prefixes ${unmatched.join(", ")}; their images would go unscanned`);
        }
        checkDetectorFeatures(DETECTOR_FEATURES);
        const tags = (role: string) => ({ ...args.tags, Name: `${name}-${role}` });
        const child = { parent: this };
        const protect = args.protect ?? true;
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        const region = aws.getRegionOutput({}, child).region;
        const partition = aws.getPartitionOutput({}, child).partition;

        const owned: pulumi.Resource[] = [];
        if (args.ownsAccountServices) {
            this.detector = new aws.guardduty.Detector(`${name}-detector`, {
                enable: true,
                findingPublishingFrequency: "FIFTEEN_MINUTES",
                tags: tags("detector"),
            }, { parent: this, protect });
            for (const feature of DETECTOR_FEATURES) {
                owned.push(new aws.guardduty.DetectorFeature(`${name}-${feature.name.toLowerCase().replace(/_/g, "-")}`, {
                    detectorId: this.detector.id,
                    name: feature.name,
                    status: "ENABLED",
                    additionalConfigurations: feature.additional?.map((a) => ({ ...a })),
                }, child));
            }
            const hub = new aws.securityhub.Account(`${name}-security-hub`, {
                // Only the standards below; consolidated control findings, new controls on.
                enableDefaultStandards: false,
                controlFindingGenerator: "SECURITY_CONTROL",
                autoEnableControls: true,
            }, { parent: this, protect });
            for (const standard of SECURITY_STANDARDS) {
                new aws.securityhub.StandardsSubscription(`${name}-standard-${standard}`, {
                    standardsArn: pulumi.all([partition, region]).apply(([p, r]) => standardsArn(standard, p, r)),
                }, { parent: this, dependsOn: [hub] });
            }
            new aws.ecr.RegistryScanningConfiguration(`${name}-image-scanning`, {
                scanType,
                rules: [{
                    // Continuous rescans exist only with enhanced scanning.
                    scanFrequency: scanType === "ENHANCED" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
                    repositoryFilters: [{ filter: args.imageRepositoryFilter, filterType: "WILDCARD" }],
                }],
            }, child);
        }

        this.endpoint = new aws.ec2.VpcEndpoint(`${name}-guardduty-data`, {
            vpcId: args.vpcId,
            serviceName: pulumi.interpolate`com.amazonaws.${region}.guardduty-data`,
            vpcEndpointType: "Interface",
            subnetIds: args.subnetIds,
            securityGroupIds: [args.endpointSecurityGroupId],
            // The agent connects to guardduty-data.<region>.amazonaws.com, which then resolves to the endpoint.
            privateDnsEnabled: true,
            policy: account.apply(guardDutyEndpointPolicy),
            tags: tags("guardduty-data"),
        }, child);

        // A DaemonSet: installed after the node groups, and after the endpoint it reports through.
        const clusterName = pulumi.all([args.cluster.name, ...args.cluster.nodeGroupNames]).apply(([n]) => n);
        const version = aws.eks.getAddonVersionOutput({ addonName: GUARDDUTY_AGENT_ADDON, kubernetesVersion: args.cluster.kubernetesVersion }, child);
        this.agentAddon = new aws.eks.Addon(`${name}-${GUARDDUTY_AGENT_ADDON}`, {
            clusterName,
            addonName: GUARDDUTY_AGENT_ADDON,
            addonVersion: version.version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            tags: tags(GUARDDUTY_AGENT_ADDON),
        }, { parent: this, dependsOn: [this.endpoint, ...owned] });

        eventRuleToTopic(this, `${name}-guardduty-findings`, "GuardDuty findings of high or critical severity", guardDutyFindingPattern(), args.topicArn, owned);
        eventRuleToTopic(this, `${name}-security-hub-findings`, "Security Hub findings labelled critical or high (GuardDuty's excepted)", securityHubFindingPattern(), args.topicArn, owned);
        this.registerOutputs({ endpointId: this.endpoint.id, detectorId: this.detector?.id });
    }
}

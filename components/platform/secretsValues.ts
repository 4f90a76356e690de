// Pure values of the External Secrets Operator chart: images through the
// ghcr.io mirror, Pod Security `restricted`, no IAM role on its own
// ServiceAccount (it reads each service's secrets as that service, see
// secretsPlan.ts), and no cluster-wide kinds: a ClusterSecretStore would let
// a store of one namespace serve any other, so the controller does not
// process them at all.
import * as pulumi from "@pulumi/pulumi";
import { NODE_GROUP_LABEL } from "../kubernetes/types";

export interface ExternalSecretsInput {
    /** ECR prefix mirroring ghcr.io. */
    readonly ghcrMirror: pulumi.Input<string>;
    /** The webhook's port (the catalog's entry: the API server calls it). */
    readonly webhookPort: number;
    readonly serviceAccount: string;
}

export function externalSecretsValues(i: ExternalSecretsInput): Record<string, unknown> {
    const image = { repository: pulumi.interpolate`${i.ghcrMirror}/external-secrets/external-secrets` };
    return {
        installCRDs: true,
        image,
        serviceAccount: { create: true, name: i.serviceAccount },
        processClusterStore: false,
        processClusterExternalSecret: false,
        processClusterPushSecret: false,
        processClusterGenerator: false,
        processPushSecret: false,
        nodeSelector: { [NODE_GROUP_LABEL]: "system" },
        webhook: { image, port: i.webhookPort, nodeSelector: { [NODE_GROUP_LABEL]: "system" } },
        certController: { image, nodeSelector: { [NODE_GROUP_LABEL]: "system" } },
    };
}

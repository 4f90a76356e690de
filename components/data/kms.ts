// One customer-managed KMS key per store: its data, backups, logs and
// secrets are encrypted with a key nobody else shares, rotated yearly.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_DEFAULTS } from "./types";

/** Resource options of a stateful child: parented, and protected when asked. */
export function statefulOptions(parent: pulumi.Resource, protect: boolean): pulumi.CustomResourceOptions {
    return { parent, protect };
}

/** The store's key, `${name}-key`. */
export function storeKey(
    name: string,
    description: string,
    tags: Readonly<Record<string, string>>,
    parent: pulumi.Resource,
    protect: boolean,
): aws.kms.Key {
    return new aws.kms.Key(`${name}-key`, {
        description,
        enableKeyRotation: true,
        deletionWindowInDays: DATA_DEFAULTS.keyDeletionWindowDays,
        tags: { ...tags, Name: `${name}-key` },
    }, statefulOptions(parent, protect));
}

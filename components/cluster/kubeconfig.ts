// Pure kubeconfig builder. The credential is never stored: kubectl and the
// Kubernetes provider run `aws eks get-token` each time they need one, with
// whatever AWS identity runs them, so the kubeconfig holds no secret.

export interface KubeconfigInput {
    readonly clusterName: string;
    /** API server URL (https://...). */
    readonly endpoint: string;
    /** Base64 PEM of the cluster CA, as EKS returns it. */
    readonly certificateAuthorityData: string;
    readonly region: string;
    /** Role to assume for the token (must have an access entry); the caller's own identity when omitted. */
    readonly roleArn?: string;
}

/** A kubeconfig document (the object form of the YAML kubectl reads). */
export interface Kubeconfig {
    readonly apiVersion: "v1";
    readonly kind: "Config";
    readonly clusters: ReadonlyArray<{ name: string; cluster: { server: string; "certificate-authority-data": string } }>;
    readonly contexts: ReadonlyArray<{ name: string; context: { cluster: string; user: string } }>;
    readonly "current-context": string;
    readonly users: ReadonlyArray<{
        name: string;
        user: { exec: { apiVersion: string; command: string; args: string[]; interactiveMode: "Never" } };
    }>;
}

/** Arguments of `aws eks get-token` for a cluster. */
export function getTokenArgs(input: Pick<KubeconfigInput, "clusterName" | "region" | "roleArn">): string[] {
    const args = ["eks", "get-token", "--cluster-name", input.clusterName, "--region", input.region, "--output", "json"];
    return input.roleArn ? [...args, "--role-arn", input.roleArn] : args;
}

export function buildKubeconfig(input: KubeconfigInput): Kubeconfig {
    if (!/^https:\/\//.test(input.endpoint)) {
        throw new Error(`cluster ${input.clusterName}: API endpoint "${input.endpoint}" is not an https URL`);
    }
    const name = input.clusterName;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{
            name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: getTokenArgs(input),
                    // Runs unattended (CI, pulumi up): never wait for a prompt.
                    interactiveMode: "Never",
                },
            },
        }],
    };
}

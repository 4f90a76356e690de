// How applications reach a store: what the Kubernetes layer turns into an
// ExternalName Service named after the store, and into client settings.
import * as pulumi from "@pulumi/pulumi";
import type { StoreEngine } from "../../components/catalog";

/** TLS setting a client must use, in the form its connection string takes. */
export type TlsMode = "sslmode=verify-full" | "tls=true" | "amqps";

/** Connection details of one store; never a credential, only where to find one. */
export interface StoreEndpoint {
    /** Catalog name of the store, and the name of its ExternalName Service ("postgresql", "redis", "mongodb", "rabbitmq"). */
    readonly name: string;
    readonly engine: StoreEngine;
    /** DNS name of the writer / primary endpoint. */
    readonly host: pulumi.Output<string>;
    /** DNS name of the read-only endpoint, where the store has one. */
    readonly readerHost?: pulumi.Output<string>;
    readonly port: number;
    /** How clients must use TLS. */
    readonly tls: TlsMode;
    /** Connection URL without credentials, TLS settings included. */
    readonly url: pulumi.Output<string>;
    /** Secrets Manager secret holding the credentials, where the store uses passwords. */
    readonly secretArn?: pulumi.Output<string>;
}

/** The first element of a list output, failing loudly (only once known) if there is none. */
export function firstOf<T, R>(list: pulumi.Output<T[] | undefined>, pick: (item: T) => R, what: string): pulumi.Output<R> {
    return list.apply((items) => {
        if (!items || items.length === 0) {
            throw new Error(`${what}: the provider returned none`);
        }
        return pick(items[0]);
    }) as pulumi.Output<R>;
}

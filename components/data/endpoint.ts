// How applications reach a store: every host name it answers on (writer,
// reader, replica members), which the Kubernetes layer registers in the mesh
// one by one, and the client settings. Never a credential: each service's
// own login is in its own secret, the administrator's in another.
import * as pulumi from "@pulumi/pulumi";
import type { StoreEngine } from "../../components/catalog";

/** TLS setting a client must use, in the form its connection string takes. */
export type TlsMode = "sslmode=verify-full" | "tls=true" | "amqps";

/** Connection details of one store; never a credential, only where to find one. */
export interface StoreEndpoint {
    /** Catalog name of the store ("postgresql", "redis", "mongodb", "rabbitmq"). */
    readonly name: string;
    readonly engine: StoreEngine;
    /** DNS name of the writer / primary endpoint. */
    readonly host: pulumi.Output<string>;
    /** DNS name of the read-only endpoint, where the store has one. */
    readonly readerHost?: pulumi.Output<string>;
    /**
     * DNS names of the individual members a client reaches directly besides the endpoints above
     * (DocumentDB's instances, which a replica-set client discovers and connects to one by one). @default []
     */
    readonly memberHosts?: readonly pulumi.Output<string>[];
    readonly port: number;
    /** How clients must use TLS. */
    readonly tls: TlsMode;
    /** Connection URL without credentials, TLS settings included. */
    readonly url: pulumi.Output<string>;
}

/** Every host name of a store a client may connect to: the writer first, then the reader, then the members. */
export function endpointHosts(e: StoreEndpoint): pulumi.Output<string>[] {
    return [e.host, ...(e.readerHost ? [e.readerHost] : []), ...(e.memberHosts ?? [])];
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

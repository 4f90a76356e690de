// The token issuer the gateway trusts (seed 004 "Token-Based Auth"): Kong's
// jwt plugin accepts a token when its `iss` claim names a credential of a
// KongConsumer and its signature verifies with that credential's public key.
// The credential is a Kubernetes Secret labelled konghq.com/credential=jwt that
// this program writes from config (the issuer's public key is not a secret).
//
// Why the program and not the auth service's deployment: Kong's admission
// webhook denies a KongConsumer whose `credentials` name a Secret that does not
// exist (KIC 3.5.13 internal/admission/validator.go ValidateConsumer:
// ErrTextConsumerCredentialSecretNotFound, a denial that failurePolicy Ignore
// does not cover), so the consumer and its credential must come together; and
// which key the public gateway trusts is a reviewed platform change.
import * as crypto from "crypto";

/** Signature algorithms the credential can name, from the key's type (Kong's jwt_secrets `algorithm`). */
export type JwtAlgorithm = "RS256" | "ES256";

/** The fields of Kong's JWT credential Secret (KIC 3.x JWTAuthFields: key, algorithm, rsa_public_key; `secret` only for HMAC). */
export interface JwtCredential {
    /** The `iss` claim value that selects this credential (the plugin's key_claim_name). */
    readonly key: string;
    readonly algorithm: JwtAlgorithm;
    /** The issuer's public key, PEM (SubjectPublicKeyInfo); Kong reads ES256 keys from this field too. */
    readonly rsa_public_key: string;
}

/** The label that makes a Secret a Kong credential, and its value for JWT (KIC 3.x internal/labels). */
export const JWT_CREDENTIAL_LABEL = { "konghq.com/credential": "jwt" } as const;

/** RFC 7518 section 3.3: RS256 keys "of size 2048 bits or larger MUST be used". */
const MIN_RSA_BITS = 2048;

/** Curves and the algorithm each signs with (RFC 7518 section 3.4); Kong 3.x verifies ES256. */
const EC_CURVES: Readonly<Record<string, JwtAlgorithm>> = { prime256v1: "ES256" };

const ISSUER = /^[\x21-\x7e]{1,255}$/;

/** Why `issuer` cannot be an `iss` value the credential is keyed by, or undefined. */
export function jwtIssuerProblem(issuer: string): string | undefined {
    return ISSUER.test(issuer) ? undefined : `"${issuer}" must be 1-255 printable ASCII characters without spaces (the iss claim the auth service writes)`;
}

/** The algorithm a PEM public key signs with, or why Kong cannot verify tokens with it. */
export function jwtKeyAlgorithm(pem: string): { algorithm: JwtAlgorithm; spki: string } | { problem: string } {
    const text = pem.trim();
    if (!/^-----BEGIN PUBLIC KEY-----\r?\n[\s\S]+\r?\n-----END PUBLIC KEY-----$/.test(text)) {
        // A private key or a certificate would parse too: only the public key belongs in config.
        return { problem: "must be one PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----, SubjectPublicKeyInfo), not a private key or a certificate" };
    }
    let key: crypto.KeyObject;
    try {
        key = crypto.createPublicKey({ key: text, format: "pem" });
    } catch (e) {
        return { problem: `is not a readable PEM public key (${(e as Error).message})` };
    }
    const spki = key.export({ type: "spki", format: "pem" }).toString();
    const details = key.asymmetricKeyDetails ?? {};
    switch (key.asymmetricKeyType) {
        case "rsa": {
            const bits = details.modulusLength ?? 0;
            return bits >= MIN_RSA_BITS ? { algorithm: "RS256", spki } : { problem: `is an RSA key of ${bits} bits; RS256 needs at least ${MIN_RSA_BITS} (RFC 7518 section 3.3)` };
        }
        case "ec": {
            const curve = details.namedCurve ?? "unknown";
            const algorithm = EC_CURVES[curve];
            return algorithm ? { algorithm, spki } : { problem: `is an EC key on ${curve}; Kong's jwt plugin verifies ES256 (P-256, prime256v1) only` };
        }
        default:
            return { problem: `is a ${key.asymmetricKeyType} key; the gateway verifies RS256 (RSA, 2048 bits or more) or ES256 (EC P-256)` };
    }
}

/** The JWT credential of the token issuer; throws naming what is wrong with the issuer or its key. */
export function tokenIssuerCredential(issuer: string, publicKeyPem: string): JwtCredential {
    const issuerProblem = jwtIssuerProblem(issuer);
    if (issuerProblem !== undefined) {
        throw new Error(`token issuer: ${issuerProblem}`);
    }
    const key = jwtKeyAlgorithm(publicKeyPem);
    if ("problem" in key) {
        throw new Error(`token issuer "${issuer}": its public key ${key.problem}`);
    }
    return { key: issuer, algorithm: key.algorithm, rsa_public_key: key.spki };
}

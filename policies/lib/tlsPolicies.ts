// Elastic Load Balancing security policies, judged by what they accept: the
// protocol versions and ciphers of each predefined policy, from AWS's
// published table, pinned in data/elb-security-policies.json with its source
// and date. A policy is fine when it accepts nothing older than TLS 1.2 and no
// cipher known to be broken; a name the table does not know (a policy newer
// than the pinned copy) cannot be judged and is reported as advisory. The
// refresh tool (tools/elb/refresh.ts) rebuilds the file from
// `aws elbv2 describe-ssl-policies` through the same parser.
import * as fs from "fs";
import * as path from "path";
import { packRoot } from "../net/addressList";

/** The pinned table, relative to the pack's folder. */
export const PINNED_ELB_POLICIES = path.join("data", "elb-security-policies.json");

/** SSL/TLS versions as AWS names them (describe-ssl-policies' SslProtocols). */
export const PROTOCOLS = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsProtocol = (typeof PROTOCOLS)[number];
const OLD_PROTOCOLS: ReadonlySet<string> = new Set(["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"]);

/** What one policy accepts. */
export interface TlsPolicy {
    readonly protocols: readonly TlsProtocol[];
    readonly ciphers: readonly string[];
}

/** The pinned table: where it comes from, when it was read, and the policies by name. */
export interface TlsPolicyTable {
    readonly source: string;
    readonly retrieved: string;
    readonly refresh: string;
    readonly policies: ReadonlyMap<string, TlsPolicy>;
}

/**
 * OpenSSL cipher names with a broken part: RC4, DES and 3DES, no encryption,
 * export grade, anonymous key exchange, MD5 MACs.
 */
const WEAK_CIPHER = /(^|-)(RC4|DES|DES-CBC3|3DES|NULL|EXP|EXPORT|ADH|AECDH|ANON|MD5)(-|$)/i;

/** Why `policy` holds a hop to less than TLS 1.2, or [] when it does not. */
export function tlsPolicyProblems(policy: TlsPolicy): string[] {
    const out: string[] = [];
    const old = policy.protocols.filter((p) => OLD_PROTOCOLS.has(p));
    if (old.length > 0) {
        out.push(`accepts ${old.join(", ")}`);
    }
    const weak = policy.ciphers.filter((c) => WEAK_CIPHER.test(c));
    if (weak.length > 0) {
        out.push(`offers the broken cipher${weak.length > 1 ? "s" : ""} ${weak.join(", ")}`);
    }
    if (!policy.protocols.some((p) => p === "TLSv1.2" || p === "TLSv1.3")) {
        out.push("accepts neither TLS 1.2 nor TLS 1.3");
    }
    return out;
}

function fail(source: string, problem: string): never {
    throw new Error(`${source}: ${problem}`);
}

function stringList(value: unknown, source: string, at: string): string[] {
    if (!Array.isArray(value) || value.length === 0 || value.some((x) => typeof x !== "string" || x.trim() === "")) {
        return fail(source, `${at} must be a non-empty list of names`);
    }
    return value as string[];
}

/** Reads the pinned table's JSON; throws naming what is wrong, so a bad file never loads. */
export function parseTlsPolicyTable(text: string, source: string): TlsPolicyTable {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        return fail(source, `not JSON (${(e as Error).message})`);
    }
    const d = doc as Record<string, unknown>;
    for (const key of ["source", "retrieved", "refresh"]) {
        if (typeof d?.[key] !== "string" || (d[key] as string).trim() === "") {
            fail(source, `"${key}" must be a non-empty string`);
        }
    }
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d.retrieved as string)) {
        fail(source, `"retrieved" must be a date (YYYY-MM-DD), got ${JSON.stringify(d.retrieved)}`);
    }
    const raw = d.policies;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw) || Object.keys(raw).length === 0) {
        return fail(source, `"policies" must be an object of policies by name`);
    }
    const policies = new Map<string, TlsPolicy>();
    for (const [name, p] of Object.entries(raw as Record<string, unknown>)) {
        const entry = p as Record<string, unknown>;
        const protocols = stringList(entry?.protocols, source, `policies["${name}"].protocols`);
        const unknown = protocols.filter((x) => !(PROTOCOLS as readonly string[]).includes(x));
        if (unknown.length > 0) {
            fail(source, `policies["${name}"].protocols has ${unknown.map((x) => JSON.stringify(x)).join(", ")}; known: ${PROTOCOLS.join(", ")}`);
        }
        policies.set(name, { protocols: protocols as TlsProtocol[], ciphers: stringList(entry?.ciphers, source, `policies["${name}"].ciphers`) });
    }
    return { source: d.source as string, retrieved: d.retrieved as string, refresh: d.refresh as string, policies };
}

/** Reads the pinned table from the pack's folder. */
export function pinnedTlsPolicies(root: string = packRoot()): TlsPolicyTable {
    return parseTlsPolicyTable(fs.readFileSync(path.join(root, PINNED_ELB_POLICIES), "utf8"), PINNED_ELB_POLICIES);
}

/** The policy AWS recommends today, suggested in messages. */
export const RECOMMENDED_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** What the API uses for an HTTPS or TLS listener created without one (describe-ssl-policies pages, "Considerations"). */
export const API_DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08";

/** Names a config accepts or refuses whatever the table says. */
export interface TlsPolicyChoice {
    readonly table: TlsPolicyTable;
    readonly allowed: ReadonlySet<string>;
    readonly forbidden: ReadonlySet<string>;
}

/** The verdict on one policy name: fine, a violation (`why`, a predicate: "accepts TLSv1"), or advisory (not judged). */
export type TlsPolicyVerdict = { readonly ok: true } | { readonly ok: false; readonly level?: "advisory"; readonly why: string };

export function judgeTlsPolicy(name: string, choice: TlsPolicyChoice): TlsPolicyVerdict {
    if (choice.forbidden.has(name)) {
        return { ok: false, why: "is listed in forbiddenTlsPolicies" };
    }
    if (choice.allowed.has(name)) {
        return { ok: true };
    }
    const policy = choice.table.policies.get(name);
    if (!policy) {
        return {
            ok: false,
            level: "advisory",
            why:
                `is not in the pack's table of ELB security policies (${PINNED_ELB_POLICIES}, retrieved ${choice.table.retrieved}), ` +
                "so what it accepts cannot be judged; if it is a newer AWS policy, refresh the table (npm run refresh-elb-policies) or list it in allowedTlsPolicies",
        };
    }
    const problems = tlsPolicyProblems(policy);
    return problems.length === 0 ? { ok: true } : { ok: false, why: problems.join(" and ") };
}

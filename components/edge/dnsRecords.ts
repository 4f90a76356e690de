// DNS records as data: one line of zone-file-like text per record, parsed and
// checked here without Pulumi, so that a bad record in config is reported
// before anything is registered.
//
//   <name> <ttl> [proxied] <TYPE> <content>
//
//   "@ 3600 MX 10 mx1.smtp.example.com"
//   "_dmarc 3600 TXT v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
//   "@ 3600 CAA 0 issue amazon.com"
//   "status auto proxied CNAME status.provider.example.net"
//
// name is "@" (the apex) or labels relative to the zone; ttl is seconds
// (60..86400) or "auto"; TXT text is written without quotes.
import { createHash } from "crypto";
import { formatIp, parseIp } from "../../policies/net";

/** Record types the zone may hold (seed 003: A, AAAA, CNAME, MX, TXT, CAA). */
export type DnsRecordType = "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "CAA";
export const DNS_RECORD_TYPES: readonly DnsRecordType[] = ["A", "AAAA", "CNAME", "MX", "TXT", "CAA"];

/** CAA properties (RFC 8659). */
export type CaaTag = "issue" | "issuewild" | "iodef";
export const CAA_TAGS: readonly CaaTag[] = ["issue", "issuewild", "iodef"];

/** Cloudflare's "automatic" TTL. */
export const AUTOMATIC_TTL = 1;
export const TTL_RANGE = { min: 60, max: 86400 } as const;
/** Longest TXT content Cloudflare stores. */
export const TXT_MAX_LENGTH = 2048;

/** CAA issuer domains of Amazon's CAs: one of them must be allowed for ACM to issue. */
export const ACM_CAA_ISSUERS: readonly string[] = ["amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"];

/** One record, parsed. */
export interface DnsRecordSpec {
    /** "@" or labels relative to the zone. */
    readonly name: string;
    /** Seconds, or AUTOMATIC_TTL. */
    readonly ttl: number;
    readonly proxied: boolean;
    readonly type: DnsRecordType;
    /** Address, host name or text; for CAA the value. */
    readonly content: string;
    /** MX preference. */
    readonly priority?: number;
    /** CAA flags and tag. */
    readonly caa?: { readonly flags: number; readonly tag: CaaTag };
}

export type ParsedRecord = { readonly ok: true; readonly record: DnsRecordSpec } | { readonly ok: false; readonly problem: string };

export const RECORD_SYNTAX = '"<name> <ttl> [proxied] <TYPE> <content>", e.g. "@ 3600 MX 10 mx1.example.com"';

const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
const RELATIVE_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const HOST_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** A lowercase host name of at most 253 characters with at least two labels ("mx1.example.com"). */
export const HOST_NAME = new RegExp(`^(?=.{1,253}$)(?:${HOST_LABEL}\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`);

export function isHostName(text: string): boolean {
    return HOST_NAME.test(text);
}

/** True for "@" or lowercase labels relative to a zone ("www", "_dmarc", "stripe._domainkey"). */
export function isRelativeName(text: string): boolean {
    return text === "@" || (text.length <= 200 && RELATIVE_NAME.test(text));
}

function fail(problem: string): ParsedRecord {
    return { ok: false, problem };
}

function ttlOf(text: string): number | string {
    if (text === "auto") {
        return AUTOMATIC_TTL;
    }
    const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!(n >= TTL_RANGE.min && n <= TTL_RANGE.max)) {
        return `TTL "${text}" must be "auto" or seconds from ${TTL_RANGE.min} to ${TTL_RANGE.max}`;
    }
    return n;
}

function bareHost(text: string): string {
    return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** Parses one record line; the problem says what was wrong and what is allowed. */
export function parseDnsRecord(line: unknown): ParsedRecord {
    if (typeof line !== "string") {
        return fail(`must be a string ${RECORD_SYNTAX}`);
    }
    const m = /^(\S+)\s+(\S+)\s+(?:(proxied)\s+)?(\S+)\s+(\S.*)$/.exec(line.trim());
    if (!m) {
        return fail(`must read ${RECORD_SYNTAX}`);
    }
    const [, name, ttlText, proxiedWord, typeText, rest] = m;
    const content = rest.trim();
    if (!isRelativeName(name)) {
        return fail(`name "${name}" must be "@" (the apex) or lowercase labels relative to the zone, like www, _dmarc or stripe._domainkey`);
    }
    const ttl = ttlOf(ttlText);
    if (typeof ttl === "string") {
        return fail(ttl);
    }
    if (!(DNS_RECORD_TYPES as readonly string[]).includes(typeText)) {
        return fail(`type "${typeText}" must be one of ${DNS_RECORD_TYPES.join(", ")}`);
    }
    const type = typeText as DnsRecordType;
    const proxied = proxiedWord !== undefined;
    if (proxied && !["A", "AAAA", "CNAME"].includes(type)) {
        return fail(`only A, AAAA and CNAME records can be proxied, not ${type}`);
    }
    if (proxied && ttl !== AUTOMATIC_TTL) {
        return fail(`a proxied record's TTL is set by Cloudflare; write "auto", not ${ttlText}`);
    }
    const base = { name, ttl, proxied, type };
    return contentOf(base, content);
}

function contentOf(base: Pick<DnsRecordSpec, "name" | "ttl" | "proxied" | "type">, content: string): ParsedRecord {
    const ok = (extra: Partial<DnsRecordSpec> & { content: string }): ParsedRecord => ({ ok: true, record: { ...base, ...extra } });
    switch (base.type) {
        case "A":
        case "AAAA": {
            const version = base.type === "A" ? 4 : 6;
            const ip = parseIp(content);
            if (!ip || ip.version !== version) {
                return fail(`${base.type} content "${content}" must be one IPv${version} address, like ${version === 4 ? "192.0.2.10" : "2001:db8::10"}`);
            }
            return ok({ content: formatIp(ip.version, ip.value) });
        }
        case "CNAME": {
            const host = bareHost(content);
            return isHostName(host) ? ok({ content: host }) : fail(`CNAME content "${content}" must be a lowercase host name like target.example.net`);
        }
        case "MX": {
            const mx = /^([0-9]{1,5})\s+(\S+)$/.exec(content);
            const priority = mx ? Number(mx[1]) : NaN;
            const host = mx ? bareHost(mx[2]) : "";
            if (!mx || priority > 65535 || !isHostName(host)) {
                return fail(`MX content "${content}" must be "<priority 0-65535> <host>", like "10 mx1.example.com"`);
            }
            return ok({ content: host, priority });
        }
        case "TXT":
            if (content.length > TXT_MAX_LENGTH || !/^[\x20-\x7e]+$/.test(content) || /["\\]/.test(content)) {
                return fail(`TXT content must be printable ASCII without quotes or backslashes (the program quotes it), at most ${TXT_MAX_LENGTH} characters`);
            }
            return ok({ content });
        case "CAA": {
            const caa = /^([0-9]{1,3})\s+([a-z]+)\s+"?([^"\s]+)"?$/.exec(content);
            const flags = caa ? Number(caa[1]) : NaN;
            const tag = caa?.[2] as CaaTag | undefined;
            const value = caa?.[3] ?? "";
            if (!caa || (flags !== 0 && flags !== 128) || !CAA_TAGS.includes(tag!)) {
                return fail(`CAA content "${content}" must be "<flags 0|128> <issue|issuewild|iodef> <value>", like "0 issue amazon.com"`);
            }
            const valid = tag === "iodef" ? /^(mailto:[^@\s]+@\S+|https:\/\/\S+)$/.test(value) : value === ";" || isHostName(value.split(";")[0]);
            if (!valid) {
                return fail(tag === "iodef"
                    ? `CAA iodef value "${value}" must be a mailto: or https: URL`
                    : `CAA ${tag} value "${value}" must be a CA's domain like amazon.com, or ";" to allow none`);
            }
            return ok({ content: value, caa: { flags, tag: tag! } });
        }
    }
}

/** The record's name in the zone ("@" is the apex itself). */
export function fqdn(name: string, zone: string): string {
    return name === "@" ? zone : `${name}.${zone}`;
}

/** TXT content as Cloudflare stores it: quoted character-strings of at most 255 characters. */
export function txtContent(text: string): string {
    const escaped = [];
    for (let i = 0; i < text.length; i += 255) {
        escaped.push(`"${text.slice(i, i + 255).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
    }
    return escaped.join(" ");
}

/**
 * A stable key for the record's resource name. A CNAME is the only record at
 * its name, so it is keyed by name and a new target is an update in place;
 * other types may repeat at a name and are keyed by their content too.
 */
export function recordKey(r: DnsRecordSpec): string {
    const name = r.name === "@" ? "apex" : r.name.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    const type = r.type.toLowerCase();
    if (r.type === "CNAME") {
        return `${type}-${name}`;
    }
    const digest = createHash("sha256").update(`${r.priority ?? ""} ${r.caa ? `${r.caa.flags} ${r.caa.tag} ` : ""}${r.content}`).digest("hex");
    return `${type}-${name}-${digest.slice(0, 8)}`;
}

/** A problem between records: which item (when one is to blame), and what is wrong. */
export interface RecordSetProblem {
    readonly item?: number;
    readonly problem: string;
}

/** Problems between records of a zone: duplicates, clashes with the names routed to the origin, CAA that would block ACM. */
export function dnsRecordSetProblems(records: readonly DnsRecordSpec[], zone: string, edgeLabels: readonly string[]): RecordSetProblem[] {
    const problems: RecordSetProblem[] = [];
    const keys = new Map<string, number>();
    records.forEach((r, item) => {
        const key = recordKey(r);
        const first = keys.get(key);
        if (first !== undefined) {
            problems.push({ item, problem: r.type === "CNAME" ? `${r.name} already has a CNAME (item ${first}); a name holds one CNAME` : `repeats item ${first}` });
        }
        keys.set(key, item);
        if (fqdn(r.name, zone).length > 253) {
            problems.push({ item, problem: `${fqdn(r.name, zone)} is longer than 253 characters` });
        }
        if (edgeLabels.includes(r.name)) {
            problems.push({ item, problem: `${r.name} is routed to the load balancer (edgeHostNames), which makes it a CNAME that allows no other record; drop the record or the host name` });
        } else if (r.name === "@" && ["A", "AAAA", "CNAME"].includes(r.type)) {
            problems.push({ item, problem: "the apex is routed to the load balancer; it takes MX, TXT and CAA records only" });
        } else if (r.type === "CNAME" && records.some((o) => o !== r && o.name === r.name)) {
            problems.push({ item, problem: `a CNAME at ${r.name} allows no other record at that name` });
        }
    });
    const apexIssuers = records.filter((r) => r.type === "CAA" && r.name === "@" && r.caa?.tag === "issue").map((r) => r.content.split(";")[0]);
    if (apexIssuers.length > 0 && !apexIssuers.some((v) => ACM_CAA_ISSUERS.includes(v))) {
        problems.push({
            problem: `the apex's CAA issue records (${apexIssuers.join(", ")}) leave out Amazon, so ACM could not issue the load balancer's certificate; add "@ 3600 CAA 0 issue amazon.com"`,
        });
    }
    return problems;
}

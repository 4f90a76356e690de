// Reads a policy pack config file the way `pulumi preview --policy-pack-config`
// does (pulumi/pulumi, parsePolicyPackConfig): a JSON object keyed by policy
// name (or "all"), each value either an enforcement level or an object of
// properties with an optional "enforcementLevel"; an empty file is no config.
import * as fs from "fs";
import { EnforcementLevel } from "./client";

/** Per-policy config as a user writes it: level and properties. */
export type UserPolicyConfig = Readonly<Record<string, { readonly enforcementLevel?: EnforcementLevel } & Readonly<Record<string, unknown>>>>;

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

function level(value: unknown, where: string): EnforcementLevel {
    if (typeof value !== "string" || !(LEVELS as readonly string[]).includes(value)) {
        throw new Error(`${where}: ${JSON.stringify(value)} is not an enforcement level (${LEVELS.join(", ")})`);
    }
    return value as EnforcementLevel;
}

/** Parses the text of a pack config file; `source` names it in errors. */
export function parsePolicyPackConfig(text: string, source: string): UserPolicyConfig {
    if (text.trim() === "") {
        return {};
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error(`${source} is not JSON: ${(e as Error).message}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`${source} must be a JSON object keyed by policy name`);
    }
    const out: Record<string, { enforcementLevel?: EnforcementLevel } & Record<string, unknown>> = {};
    for (const [policy, value] of Object.entries(doc as Record<string, unknown>)) {
        const where = `${source}: ${policy}`;
        if (typeof value === "string") {
            out[policy] = { enforcementLevel: level(value, where) };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            const entry = enforcementLevel === undefined ? properties : { enforcementLevel: level(enforcementLevel, `${where}.enforcementLevel`), ...properties };
            // The CLI drops entries with neither a level nor a property.
            if (Object.keys(entry).length > 0) {
                out[policy] = entry;
            }
        } else {
            throw new Error(`${where}: ${JSON.stringify(value)} must be an enforcement level or an object of properties`);
        }
    }
    return out;
}

/** Reads and parses a pack config file. */
export function readPolicyPackConfig(file: string): UserPolicyConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`cannot read policy pack config ${file}: ${(e as Error).message}`);
    }
    return parsePolicyPackConfig(text, file);
}

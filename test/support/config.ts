// Config sources for tests: a stack's real config (as the CLI would pass it)
// with raw string values patched in, bypassing the CLI's own type checks so
// that the program's validation is what gets tested.
import { strict as assert } from "assert";
import { readStackSettings } from "../../tools/harness/project";
import { ConfigError, ConfigSource, loadStackConfig, PROJECT } from "../../infra/config";

export function stackSource(stack: string, patch: Readonly<Record<string, string | undefined>> = {}): ConfigSource {
    const config: Record<string, string> = { ...readStackSettings(stack).config };
    for (const [k, v] of Object.entries(patch)) {
        const key = k.includes(":") ? k : `${PROJECT}:${k}`;
        if (v === undefined) {
            delete config[key];
        } else {
            config[key] = v;
        }
    }
    return { get: (key) => config[`${PROJECT}:${key}`], all: () => config };
}

/** The message of the ConfigError a patched stack config raises; fails the test when it is accepted. */
export function configProblems(patch: Readonly<Record<string, string | undefined>>, stack = "prod"): string {
    try {
        loadStackConfig(stackSource(stack, patch));
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return e.message;
    }
    assert.fail(`config ${JSON.stringify(patch)} was accepted`);
}

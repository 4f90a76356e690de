// Config sources for tests: a stack's real config (as the CLI would pass it)
// with raw string values patched in, bypassing the CLI's own type checks so
// that the program's validation is what gets tested.
import { readStackSettings } from "../../tools/harness/project";
import { ConfigSource, PROJECT } from "../../infra/config";

export function stackSource(stack: string, patch: Readonly<Record<string, string>> = {}): ConfigSource {
    const config: Record<string, string> = { ...readStackSettings(stack).config };
    for (const [k, v] of Object.entries(patch)) {
        config[`${PROJECT}:${k}`] = v;
    }
    return { get: (key) => config[`${PROJECT}:${key}`] };
}

// Running the pack's stack rules directly in unit tests: over a graph of the
// given resources, with a guard that lets a fault through (so a fault fails
// the test instead of becoming a diagnostic).
import { StackGraph, StackResource } from "../../policies/lib/stack";
import { Guard } from "../../policies/lib/violation";

export const noGuard: Guard = <T>(_urn: string, body: () => T[]): T[] => body();

export function graphOf(resources: readonly StackResource[]): StackGraph {
    return new StackGraph(resources);
}

// The project's name, in a module of its own: the offline plan reads it to
// parse its arguments before it loads the SDK (tools/plan/args.ts), which the
// rest of infra/config does.

/** Project name: the namespace of every key. */
export const PROJECT = "tickettoken";

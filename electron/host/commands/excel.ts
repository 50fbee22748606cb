// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.

export const commands: Record<string, (argv: string[]) => Promise<number>> = {};

/** Lines added to "npm run -s cli -- help". */
export const usage: string[] = [];

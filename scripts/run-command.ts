// Runs a command-line entry point: its return value is the exit code; an error is printed as one
// readable line (no stack trace for expected failures such as a locked database) and exits 1.
export function runCommand(main: () => Promise<number> | Promise<void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

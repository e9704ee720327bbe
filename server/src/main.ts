import { buildProgram, reportCliError } from './cli.js';

// The executable: bin/renkou.js runs the compiled form of this file.
buildProgram()
  .parseAsync()
  .catch((err: unknown) => {
    reportCliError(err);
    process.exit(1);
  });

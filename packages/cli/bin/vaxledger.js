#!/usr/bin/env node
// Runs the built JavaScript (dist/, made by `npm ci` and by `npm test`): no TypeScript is transpiled at each start.
const { main, guardStandardStreams } = await import('../dist/main.js');
// Output piped into `head` ends quietly (EPIPE), not with a stack trace.
guardStandardStreams();
const code = await main(process.argv);
// A failure to write the output (guardStandardStreams) is not hidden by a command that otherwise succeeded.
process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);

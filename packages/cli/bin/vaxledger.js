#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so `npx vaxledger` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main, guardStandardStreams } = await import('../src/main.ts');
// Output piped into `head` ends quietly (EPIPE), not with a stack trace.
guardStandardStreams();
const code = await main(process.argv);
// A failure to write the output (guardStandardStreams) is not hidden by a command that otherwise succeeded.
process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);

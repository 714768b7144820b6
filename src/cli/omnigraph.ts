#!/usr/bin/env node
import { runProcess } from './process-entry.js';
import { runCli } from './program.js';

process.exitCode = await runProcess(runCli);

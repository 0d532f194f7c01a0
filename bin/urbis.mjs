#!/usr/bin/env node
// The `urbis` command: loads TypeScript through tsx, then runs src/cli.ts.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');

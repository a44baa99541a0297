#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx stedi` works from a fresh clone with no build step.
require('../common/quiet-warnings.js');
require('tsx/cjs');
require('../cli/main.ts');

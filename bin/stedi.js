#!/usr/bin/env node
// The `stedi` command. An installed package runs its compiled JS (dist/). In a checkout (the
// TypeScript sources are present) it runs the sources through tsx (a devDependency), so a
// stale dist/ never shadows an edit and `npm start` needs no build step.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
if (fs.existsSync(path.join(root, 'cli', 'main.ts'))) {
  require('../common/quiet-warnings.js');
  require('tsx/cjs');
  require('../cli/main.ts');
} else {
  require('../dist/common/quiet-warnings.js');
  require('../dist/cli/main.js');
}

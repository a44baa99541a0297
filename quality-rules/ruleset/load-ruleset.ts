/**
 * Rulesets on disk. A ruleset is a directory with one DQDL document per table, named
 * `<table>.dqdl` (or a single `<table>.dqdl` file): each document stays a valid DQDL ruleset
 * that can be pasted into AWS Glue Data Quality for that table unchanged. Rules read other
 * tables by name (`ReferentialIntegrity "user" "customer_trusted.email" = 1.0`,
 * `CustomSql "select ... from primary join customer_trusted ..."`), which in AWS are the
 * aliases of the additional data sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import type { DqdlDocument } from '../dqdl/ast';
import { DqdlSyntaxError, tryParseDqdl } from '../dqdl/parser';

export const RULESET_EXTENSION = '.dqdl';

export interface TableRuleset {
  table: string;
  file: string;
  document: DqdlDocument;
}

export interface LoadedRuleset {
  rulesets: TableRuleset[];
  /** Syntax errors of every file, all collected before anything is evaluated. */
  syntaxErrors: DqdlSyntaxError[];
}

export function rulesetFiles(rulesPath: string): string[] {
  if (!fs.existsSync(rulesPath)) throw new InputError('RULES_NOT_FOUND', `rules path ${rulesPath} does not exist`);
  if (fs.statSync(rulesPath).isFile()) return [rulesPath];
  const files = fs
    .readdirSync(rulesPath)
    .filter((name) => name.endsWith(RULESET_EXTENSION))
    .sort()
    .map((name) => path.join(rulesPath, name));
  if (files.length === 0) throw new InputError('RULES_EMPTY', `rules directory ${rulesPath} has no *${RULESET_EXTENSION} files`);
  return files;
}

export function tableOfRulesetFile(file: string): string {
  return path.basename(file).replace(/\.dqdl$/, '');
}

export function loadRuleset(rulesPath: string): LoadedRuleset {
  const rulesets: TableRuleset[] = [];
  const syntaxErrors: DqdlSyntaxError[] = [];
  for (const file of rulesetFiles(rulesPath)) {
    const { document, errors } = tryParseDqdl(fs.readFileSync(file, 'utf8'));
    if (errors.length > 0) syntaxErrors.push(new DqdlSyntaxError(file, errors));
    else rulesets.push({ table: tableOfRulesetFile(file), file, document });
  }
  return { rulesets, syntaxErrors };
}

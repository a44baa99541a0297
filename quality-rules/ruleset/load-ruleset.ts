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

/** A DQDL file and the table it guards (recorded as such in run.json's `rules`). */
export interface RuleFileRef {
  table: string;
  file: string;
}

export interface TableRuleset extends RuleFileRef {
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

/** A ruleset path (`--rules`): each file's table is its name, as Glue names it (lower-cased). */
export function ruleFilesAt(rulesPath: string): RuleFileRef[] {
  return rulesetFiles(rulesPath).map((file) => ({ table: tableOfRulesetFile(file).toLowerCase(), file }));
}

export function loadRuleset(rulesPath: string): LoadedRuleset {
  return loadRuleFiles(ruleFilesAt(rulesPath));
}

/** Parses every file, collecting all syntax errors before anything is evaluated. */
export function loadRuleFiles(files: RuleFileRef[]): LoadedRuleset {
  const rulesets: TableRuleset[] = [];
  const syntaxErrors: DqdlSyntaxError[] = [];
  for (const { table, file } of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError('RULES_NOT_FOUND', `rules file ${file} (for table ${table}) cannot be read: ${(error as Error).message}`, error);
    }
    const { document, errors } = tryParseDqdl(text);
    if (errors.length > 0) syntaxErrors.push(new DqdlSyntaxError(file, errors));
    else rulesets.push({ table, file, document });
  }
  return { rulesets, syntaxErrors };
}

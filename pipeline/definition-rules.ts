/**
 * The quality rules a pipeline definition declares, resolved to files with the table each one
 * guards. At pipeline level (`rules:`) a path is a `<table>.dqdl` file or a folder of them, the
 * table named by the file (the layout of quality-rules/ruleset); on a table (`tables[i].rules`)
 * every DQDL file given, or found in a folder given, is for that table whatever its name.
 * Problems name the key: a missing path, an empty folder, a ruleset for a table the pipeline
 * does not declare, DQDL syntax errors with file:line:column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRuleFiles, RULESET_EXTENSION, tableOfRulesetFile, type RuleFileRef } from '../quality-rules/ruleset/load-ruleset';
import { catalogName } from './glue-names';

export type { RuleFileRef };

export interface ResolvedRules {
  files: RuleFileRef[];
  problems: string[];
}

/** The files a path stands for: itself, or the *.dqdl files of a folder (sorted). */
function filesAt(absolute: string): string[] | string {
  if (!fs.existsSync(absolute)) return `${absolute} does not exist`;
  if (fs.statSync(absolute).isFile()) return [absolute];
  const files = fs
    .readdirSync(absolute)
    .filter((name) => name.endsWith(RULESET_EXTENSION))
    .sort()
    .map((name) => path.join(absolute, name));
  return files.length > 0 ? files : `folder ${absolute} has no *${RULESET_EXTENSION} files`;
}

export function resolveRules(base: string, pipelineRules: string[] | undefined, tableRules: Array<string[] | undefined>, tables: string[]): ResolvedRules {
  const declared = new Set(tables);
  const files: RuleFileRef[] = [];
  const keys = new Map<string, string>();
  const problems: string[] = [];
  (pipelineRules ?? []).forEach((entry, i) => {
    const key = `rules[${i}]`;
    const found = filesAt(path.resolve(base, entry));
    if (typeof found === 'string') return void problems.push(`${key}: ${found}`);
    for (const file of found) {
      const table = catalogName(tableOfRulesetFile(file));
      if (!declared.has(table)) {
        problems.push(`${key}: ${file} is for table ${table}, which the pipeline does not declare (tables: ${tables.join(', ')}); name the file <table>${RULESET_EXTENSION} or list it under that table's rules`);
        continue;
      }
      files.push({ table, file });
      keys.set(file, key);
    }
  });
  tableRules.forEach((entries, t) => {
    (entries ?? []).forEach((entry, i) => {
      const key = `tables[${t}].rules${entries!.length > 1 ? `[${i}]` : ''}`;
      const found = filesAt(path.resolve(base, entry));
      if (typeof found === 'string') return void problems.push(`${key}: ${found}`);
      for (const file of found) {
        files.push({ table: tables[t]!, file });
        keys.set(file, key);
      }
    });
  });
  const { syntaxErrors } = loadRuleFiles(files);
  for (const error of syntaxErrors) problems.push(`${keys.get(error.file) ?? 'rules'}: ${error.message}`);
  return { files: dedupe(files), problems };
}

/** The same file for the same table once, even if a folder and a file both name it. */
function dedupe(files: RuleFileRef[]): RuleFileRef[] {
  const seen = new Set<string>();
  return files.filter((ref) => {
    const id = `${ref.table}\u0000${ref.file}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Reading and writing one run-directory artifact against its zod schema. Every artifact that
 * stedi writes carries a `schemaVersion`; a reader checks it before anything else, so a run made
 * by another stedi version fails with the file and both versions named instead of a confusing
 * missing-key error. Evolution rule (dbt's artifacts): a new field is optional and keeps the
 * version; removing, renaming or changing the meaning of a field bumps it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod/v4';
import { InputError, StediError } from '../errors';

/** Error codes of the run-directory contract (a closed union, as smithy errors are per service). */
export type RunDirErrorCode =
  | 'RUN_NOT_FOUND'
  | 'RUN_INCOMPLETE'
  | 'RUN_ARTIFACT_UNREADABLE'
  | 'RUN_SCHEMA_VERSION'
  | 'RUN_RECORD_INVALID'
  | 'QUALITY_RESULT_INVALID'
  | 'CATALOG_ENTRY_INVALID'
  | 'LEDGER_INVALID'
  | 'PARTITION_LIST_INVALID'
  | 'RUN_ARTIFACT_WRITE_INVALID';

export class RunDirError extends InputError {
  override readonly code: RunDirErrorCode;
  constructor(code: RunDirErrorCode, message: string, cause?: unknown) {
    super(code, message, cause);
    this.code = code;
  }
}

/** How one artifact kind is read: its schema, the version this stedi reads, its error code. */
export interface ArtifactKind<S extends z.ZodType> {
  /** Human name for messages: "run record", "quality result". */
  readonly title: string;
  readonly schema: S;
  /** The schemaVersion this stedi reads and writes; undefined for files whose shape AWS owns. */
  readonly version?: number;
  readonly invalidCode: RunDirErrorCode;
}

/** `tables.customer_landing.rows` — the key path of an issue, as a user would type it. */
export function keyPath(issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '(top level)';
  return issuePath
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssues(issues: readonly z.core.$ZodIssue[], limit = 5): string {
  const lines = issues.slice(0, limit).map((issue) => `${keyPath(issue.path)}: ${issue.message}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines.join('; ');
}

/** Validates an already-parsed artifact; `where` names the file (or the value) in messages. */
export function parseArtifact<S extends z.ZodType>(kind: ArtifactKind<S>, value: unknown, where: string): z.output<S> {
  if (kind.version !== undefined) {
    const found = value !== null && typeof value === 'object' ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
    if (found !== kind.version) {
      throw new RunDirError(
        'RUN_SCHEMA_VERSION',
        found === undefined
          ? `${where} has no schemaVersion: it is not a stedi ${kind.title} (this stedi reads version ${kind.version})`
          : `${where} has schemaVersion ${JSON.stringify(found)}; this stedi reads ${kind.title} version ${kind.version}`,
      );
    }
  }
  const result = kind.schema.safeParse(value);
  if (!result.success) {
    throw new RunDirError(kind.invalidCode, `${where} is not a valid ${kind.title}: ${describeIssues(result.error.issues)}`, result.error);
  }
  return result.data;
}

/** Reads and validates an artifact file. */
export function readArtifact<S extends z.ZodType>(kind: ArtifactKind<S>, file: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RunDirError('RUN_ARTIFACT_UNREADABLE', `cannot read ${kind.title} ${file}: ${(error as Error).message}`, error);
  }
  return parseArtifact(kind, value, file);
}

/**
 * Validates, then writes an artifact (2-space JSON, trailing newline). A writer that breaks the
 * contract is a bug in stedi, not in the user's input: the error's fault is `internal`.
 */
export function writeArtifact<S extends z.ZodType>(kind: ArtifactKind<S>, file: string, value: z.input<S>): void {
  const result = kind.schema.safeParse(value);
  if (!result.success) {
    throw new StediError('RUN_ARTIFACT_WRITE_INVALID', `refusing to write ${file}: not a valid ${kind.title}: ${describeIssues(result.error.issues)}`, {
      fault: 'internal',
      cause: result.error,
    });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

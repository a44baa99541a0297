import { InputError } from '../../common/errors';
import type { SyntaxIssue } from './lexer';

/** Every syntax error of one DQDL text, reported together. */
export class DqdlSyntaxError extends InputError {
  readonly issues: SyntaxIssue[];
  readonly file: string;
  constructor(file: string, issues: SyntaxIssue[]) {
    const n = issues.length;
    super(
      'DQDL_SYNTAX',
      `${file}: ${n} DQDL syntax error${n === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `  ${file}:${issue.line}:${issue.column}: ${issue.message}`).join('\n'),
    );
    this.issues = issues;
    this.file = file;
  }
}

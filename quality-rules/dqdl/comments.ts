/**
 * Placing comments after parsing: before the first section they are the document header;
 * inside `Rules = [ ... ]` a comment belongs to the rule after it (or, on the same line, to the
 * rule before it); after the last rule it trails the list. `# level: error|warning` comments set
 * the level of their rule instead of being kept as text.
 */
import type { DqdlDocument } from './ast';
import type { Parser } from './parser';

export const LEVEL_ANNOTATION = /^\s*level\s*:\s*(\S*)\s*$/i;

/** Where each comment belongs: header, before a rule, after the last rule, or at the end. */
export function placeComments(parser: Parser, doc: DqdlDocument): void {
  const spans = [...parser.entrySpans].sort((a, b) => a.start - b.start);
  for (const { token, index } of parser.comments) {
    const inRules = parser.rulesSpan && index > parser.rulesSpan.open && index < parser.rulesSpan.close;
    const inAnalyzers = parser.analyzersSpan && index > parser.analyzersSpan.open && index < parser.analyzersSpan.close;
    if (!inRules && !inAnalyzers) {
      const beforeFirstSection = !parser.rulesSpan || index < parser.rulesSpan.open;
      (beforeFirstSection ? doc.headerComments : doc.trailingComments).push(token.value);
      if (LEVEL_ANNOTATION.test(token.value)) {
        parser.errors.push({ line: token.line, column: token.column, message: 'a # level: annotation must be on the line before a rule, inside Rules = [ ... ]' });
      }
      continue;
    }
    // A comment after a rule on the same line belongs to that rule; otherwise to the next one.
    const previous = [...spans].reverse().find((s) => s.end < index);
    const sameLine = previous !== undefined && !token.startsLine && parser.tokenAt(previous.end).line === token.line;
    const target = sameLine ? previous : spans.find((s) => s.start > index);
    const closesAt = inRules ? parser.rulesSpan!.close : parser.analyzersSpan!.close;
    if (!target || target.start > closesAt) {
      if (inRules) doc.rulesTrailingComments.push(token.value);
      else doc.trailingComments.push(token.value);
      continue;
    }
    const level = LEVEL_ANNOTATION.exec(token.value);
    if (level && 'level' in target.entry) {
      const value = level[1]!.toLowerCase();
      if (value !== 'error' && value !== 'warning') {
        parser.errors.push({ line: token.line, column: token.column, message: `unknown level '${level[1]}': use # level: error or # level: warning` });
      } else {
        target.entry.level = value;
        target.entry.levelAnnotated = true;
      }
      continue;
    }
    target.entry.comments.push(token.value);
  }
}

/** What a SerDe makes of one text line: a row (maybe with issues), a skipped line, or a refusal. */
import type { Cell, RowShape } from '../cells';
import type { IssueReason, RejectReason, SkipReason } from '../ledger';

export interface LineIssue {
  reason: IssueReason;
  detail: string;
  column?: string;
}

export type LineResult =
  | {
      kind: 'row';
      /** One cell per data column (partition columns are added by the caller). */
      cells: Cell[];
      issues: LineIssue[];
      /** Cells Athena fails to read (HIVE_BAD_DATA when the column is read); the cell is NULL. */
      bad: { column: number; message: string }[];
      /** How the record was written (JSON decoders asked for shapes only). */
      shape?: RowShape;
    }
  | { kind: 'skip'; reason: SkipReason; detail: string }
  | { kind: 'refuse'; reason: RejectReason; code: string; message: string };

export interface LineDecoder {
  /** `text` is the decoded line without its terminator (BOM already stripped). */
  decode(text: string, line: number, key: string): LineResult;
}

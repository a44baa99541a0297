/**
 * Names as the Glue Data Catalog accepts them. Database, table and job names are UTF-8 strings of
 * 1 to 255 bytes matching Glue's "single-line string pattern"
 * `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*` (AWS Glue API reference, e.g.
 * https://docs.aws.amazon.com/glue/latest/webapi/API_DataQualityTargetTable.html and
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-common.html): hyphens, spaces, dots and
 * upper case are all legal. Glue stores database and table names lower-cased ("for Hive
 * compatibility, this name is entirely lowercase", CreateTable / CreateDatabase), so the
 * definition compares and records them lower-cased too.
 */
import { z } from 'zod';

/** Glue's pattern; with the `u` flag the surrogate pairs denote U+10000..U+10FFFF. */
export const GLUE_SINGLE_LINE_PATTERN = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t]*$/u;
export const GLUE_NAME_MAX_BYTES = 255;

/** Why `name` is not a Glue name, or undefined when it is one. */
export function glueNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'an empty name (Glue names have 1 to 255 bytes)';
  if (Buffer.byteLength(name, 'utf8') > GLUE_NAME_MAX_BYTES) return `${Buffer.byteLength(name, 'utf8')} bytes long (Glue allows at most ${GLUE_NAME_MAX_BYTES})`;
  if (!GLUE_SINGLE_LINE_PATTERN.test(name)) return 'not a single-line Glue name (no line breaks or control characters other than tab)';
  return undefined;
}

/** The name as the catalog keeps it. */
export function catalogName(name: string): string {
  return name.toLowerCase();
}

/** A zod string that is a Glue name; the parsed value is the catalog (lower-cased) name. */
export const glueName = z
  .string()
  .superRefine((value, context) => {
    const problem = glueNameProblem(value);
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(value)} is ${problem}` });
  })
  .transform(catalogName);

/** Job names follow the same pattern but keep their case (Glue does not lower-case job names). */
export const glueJobName = z.string().superRefine((value, context) => {
  const problem = glueNameProblem(value);
  if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(value)} is ${problem}` });
});

/** A file name for something named by a Glue name: `/`, `..` and NUL cannot reach the file system. */
export function fileNameFor(name: string): string {
  return encodeURIComponent(name).replace(/^\.+/, (dots) => '%2E'.repeat(dots.length));
}

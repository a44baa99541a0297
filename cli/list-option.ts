/**
 * The one spelling of list options on every command: `--defect a,b` and `--defect a --defect b`
 * both give [a, b] (commander's variadic `<name...>` would also swallow a following argument).
 */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

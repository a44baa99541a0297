import { Command } from 'commander';
import { collectList } from './list-option';

function parse(args: string[]): string[] {
  const command = new Command('x').exitOverride().option('--defect <name>', 'list', collectList, [] as string[]);
  command.parse(args, { from: 'user' });
  return command.opts<{ defect: string[] }>().defect;
}

test('comma-separated and repeated spellings give the same list', () => {
  expect(parse(['--defect', 'a,b'])).toEqual(['a', 'b']);
  expect(parse(['--defect', 'a', '--defect', 'b'])).toEqual(['a', 'b']);
  expect(parse(['--defect', 'a, b', '--defect', 'c'])).toEqual(['a', 'b', 'c']);
  expect(parse([])).toEqual([]);
});

test('empty items are dropped, not kept as empty names', () => {
  expect(parse(['--defect', 'a,,b,'])).toEqual(['a', 'b']);
});

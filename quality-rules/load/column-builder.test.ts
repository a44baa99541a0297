/** String columns are written as UTF-8 straight into one growing buffer: non-ASCII text, empty strings and NULLs must come back as given. */
import { ColumnBuilder, tableFromColumns } from './column-builder';

describe('ColumnBuilder strings', () => {
  it('round-trips multi-byte text, empty strings and NULLs across buffer growth', () => {
    const values = ['plain', 'äöü', '€ 5', '😀 emoji', '', null, 'x'.repeat(40_000), 'Ärger', null, '日本語'];
    const builder = new ColumnBuilder('string');
    for (const value of values) builder.append(value);
    const table = tableFromColumns([{ name: 's', kind: 'string', catalogType: 'string' }], [builder.finish()], values.length);
    expect(table.getChild('s')?.toArray()).toEqual(values);
  });
});

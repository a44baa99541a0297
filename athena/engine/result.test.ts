import { formatTimestampMicros, javaDoubleString } from './result';

describe('Athena value rendering', () => {
  it.each([
    [0, '0.0'], [-1, '-1.0'], [1.5, '1.5'], [0.001, '0.001'], [0.0001, '1.0E-4'],
    [1234567.5, '1234567.5'], [12345678, '1.2345678E7'], [1655564437436, '1.655564437436E12'], [NaN, 'NaN'],
  ])('prints the double %p as Java does: %s', (value, text) => {
    expect(javaDoubleString(value)).toBe(text);
  });

  it('prints timestamp(3) with milliseconds, before and after the epoch', () => {
    expect(formatTimestampMicros(1655564376361000n)).toBe('2022-06-18 14:59:36.361');
    expect(formatTimestampMicros(-1n)).toBe('1969-12-31 23:59:59.999');
  });
});

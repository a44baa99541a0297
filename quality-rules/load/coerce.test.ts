import { coerceJsonValue } from './coerce';

describe('coerceJsonValue (OpenX JsonSerDe semantics)', () => {
  it('reads numbers in strings for numeric columns, and numbers as text for string columns', () => {
    expect(coerceJsonValue('42', 'bigint')).toEqual({ ok: true, value: 42n });
    expect(coerceJsonValue(' 7 ', 'int')).toEqual({ ok: true, value: 7 });
    expect(coerceJsonValue('1.5', 'double')).toEqual({ ok: true, value: 1.5 });
    expect(coerceJsonValue(12, 'string')).toEqual({ ok: true, value: '12' });
    expect(coerceJsonValue(true, 'string')).toEqual({ ok: true, value: 'true' });
    expect(coerceJsonValue({ a: 1 }, 'string')).toEqual({ ok: true, value: '{"a":1}' });
  });

  it('reads absent and null as NULL', () => {
    expect(coerceJsonValue(undefined, 'bigint')).toEqual({ ok: true, value: null });
    expect(coerceJsonValue(null, 'string')).toEqual({ ok: true, value: null });
  });

  it('refuses values that do not fit, naming them', () => {
    expect(coerceJsonValue('abc', 'bigint')).toEqual({ ok: false, reason: '"abc" is not a valid bigint' });
    expect(coerceJsonValue(1.5, 'int')).toEqual({ ok: false, reason: '1.5 is not a valid int' });
    expect(coerceJsonValue(300, 'tinyint')).toEqual({ ok: false, reason: '300 is not a valid tinyint' });
    expect(coerceJsonValue('yes', 'boolean')).toEqual({ ok: false, reason: '"yes" is not a valid boolean' });
  });

  it('reads booleans, timestamps and dates', () => {
    expect(coerceJsonValue('TRUE', 'boolean')).toEqual({ ok: true, value: true });
    expect(coerceJsonValue(1655564376361, 'timestamp')).toEqual({ ok: true, value: 1655564376361n });
    expect(coerceJsonValue('2022-06-18 14:59:36.361', 'timestamp')).toEqual({ ok: true, value: BigInt(Date.UTC(2022, 5, 18, 14, 59, 36, 361)) });
    expect(coerceJsonValue('2022-06-18', 'date')).toEqual({ ok: true, value: Date.UTC(2022, 5, 18) / 86_400_000 });
    expect(coerceJsonValue('18/06/2022', 'date').ok).toBe(false);
  });
});

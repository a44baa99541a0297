import { sparkToDuckSql } from './spark-sql';

describe('sparkToDuckSql', () => {
  it('replaces the bare primary identifier with the quoted table under test', () => {
    expect(sparkToDuckSql('select count(*) from primary p where p.x > 1', 'customer_trusted')).toBe('select count(*) from "customer_trusted" p where p.x > 1');
    expect(sparkToDuckSql('SELECT * FROM Primary', 't')).toBe('SELECT * FROM "t"');
  });

  it('leaves strings, quoted identifiers, qualified names and PRIMARY KEY alone', () => {
    expect(sparkToDuckSql(`select 'primary', "primary", s.primary from x -- primary`, 't')).toBe(`select 'primary', "primary", s.primary from x -- primary`);
    expect(sparkToDuckSql('create table x (id int primary key)', 't')).toBe('create table x (id int primary key)');
  });

  it('turns Spark backtick identifiers into double-quoted ones', () => {
    expect(sparkToDuckSql('select `user` from primary', 'a')).toBe('select "user" from "a"');
  });
});

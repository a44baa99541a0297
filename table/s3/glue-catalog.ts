import { GetTablesCommand, type GlueClient, type Table } from '@aws-sdk/client-glue';

/** Every table of a database, as GetTables returns them (all pages). */
export async function listCatalogTables(glue: GlueClient, database: string): Promise<Table[]> {
  const tables: Table[] = [];
  let token: string | undefined;
  do {
    const page = await glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: token }));
    tables.push(...(page.TableList ?? []));
    token = page.NextToken;
  } while (token);
  return tables;
}

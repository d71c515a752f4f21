// The handle a `read` method gets: the same database, but any statement that would change it is refused before it runs.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

const WRITE_NODES = new Set<string>([
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
  'CreateTableNode',
  'CreateIndexNode',
  'CreateViewNode',
  'CreateSchemaNode',
  'CreateTypeNode',
  'DropTableNode',
  'DropIndexNode',
  'DropViewNode',
  'DropSchemaNode',
  'DropTypeNode',
  'AlterTableNode',
  'RefreshMaterializedViewNode',
]);

// Raw `sql` text: refuse anything that does not start as a query (SELECT / WITH … SELECT / EXPLAIN / a read PRAGMA).
const RAW_WRITE = /^\s*(insert|update|delete|replace|merge|upsert|create|drop|alter|truncate|begin|commit|rollback|savepoint|release|vacuum|reindex|analyze|attach|detach|grant|revoke|copy|pragma\s+[\w.]+\s*=)/i;

export function isWriteNode(node: RootOperationNode): boolean {
  if (WRITE_NODES.has(node.kind)) return true;
  if (node.kind === 'RawNode') return RAW_WRITE.test(node.sqlFragments.join('?'));
  return false;
}

export class ReadOnlyError extends Error {
  constructor(kind: string) {
    super(`A read-only call tried to change the database (${kind}). Declare the method as kind: 'write' in the contract.`);
    this.name = 'ReadOnlyError';
  }
}

export class ReadOnlyPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (isWriteNode(args.node)) throw new ReadOnlyError(args.node.kind);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

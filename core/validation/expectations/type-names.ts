// Type names for expect_column_values_to_be_of_type / _in_type_list. GX passes engine-specific
// names through ("int64" for pandas, "INTEGER" for SQL); we accept both spellings (reference §3
// #15) and compare by family, since our columns have one storage type per kind.
import { ExpectationFailure } from './column-values.js';

export type TypeFamily = 'integer' | 'float' | 'string' | 'boolean' | 'datetime';

const families: Record<TypeFamily, string[]> = {
  integer: ['int', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'int_', 'integer', 'bigint', 'smallint', 'tinyint', 'long', 'number(38,0)'],
  float: ['float', 'float16', 'float32', 'float64', 'float_', 'double', 'double_precision', 'double precision', 'real', 'numeric', 'decimal', 'number'],
  string: ['str', 'string', 'object', 'varchar', 'text', 'char', 'nvarchar', 'nchar', 'character varying', 'unicode'],
  boolean: ['bool', 'bool_', 'boolean'],
  datetime: ['datetime64', 'datetime64[ns]', 'datetime64[ns, utc]', 'datetime64[us]', 'datetime64[ms]', 'timestamp', 'datetime', 'date', 'timestamp_ntz', 'timestamp_tz', 'timestamp without time zone', 'timestamp with time zone'],
};

const familyByName = new Map<string, TypeFamily>();
for (const [family, names] of Object.entries(families) as [TypeFamily, string[]][]) for (const name of names) familyByName.set(name, family);

export function typeFamilyOfName(name: string): TypeFamily {
  const family = familyByName.get(name.trim().toLowerCase());
  if (!family) throw new ExpectationFailure(`unknown type name '${name}'; known: ${[...familyByName.keys()].join(', ')}`, { type: name });
  return family;
}

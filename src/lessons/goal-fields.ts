/** The field check every goal kind uses: required and optional fields with their types, nothing else. */
import type { Goal } from './types.ts';

type FieldType = 'string' | 'number' | 'boolean' | 'string[]';

export function fields(
  goal: Goal,
  required: Readonly<Record<string, FieldType>>,
  optional: Readonly<Record<string, FieldType>> = {},
): string[] {
  const problems: string[] = [];
  const all: Record<string, FieldType> = { ...required, ...optional, label: 'string' };
  for (const [name, type] of Object.entries(all)) {
    const v = goal[name];
    if (v === undefined || v === null) {
      if (name in required) problems.push(`"${name}" is required (${type})`);
      continue;
    }
    const ok =
      type === 'string[]'
        ? Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')
        : typeof v === type;
    if (!ok) problems.push(`"${name}" must be a ${type}, got ${JSON.stringify(v)}`);
  }
  for (const name of Object.keys(goal))
    if (name !== 'kind' && !(name in all))
      problems.push(`unknown field "${name}" (known: ${Object.keys(all).join(', ')})`);
  return problems;
}

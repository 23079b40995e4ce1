// A count and its noun in French: the singular for 0 and 1 (« 0 entrée », « 1 entrée »), the plural
// from 2 on (« 2 entrées »).
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

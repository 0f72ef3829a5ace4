/** "cap-1, cap-2" → ['cap-1', 'cap-2']: capture ids typed as a comma-separated list. */
export function splitIds(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((s) => s.trim()).filter((s) => s.length > 0))].slice(0, 100);
}

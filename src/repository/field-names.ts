/** fieldsOf writes names that are not identifiers in backticks (for templates); builders take either form. */
export function unquoteName(field: string): string {
  return field.length > 1 && field.startsWith('`') && field.endsWith('`') ? field.slice(1, -1) : field;
}

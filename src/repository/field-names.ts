/**
 * fieldsOf writes names that are not identifiers in backticks (a backtick
 * inside doubled), as templates need them; builders taking field names
 * (withKey, withProjection) accept either form.
 */
export function unquoteName(field: string): string {
  return field.length > 1 && field.startsWith('`') && field.endsWith('`')
    ? field.slice(1, -1).replaceAll('``', '`')
    : field;
}

// The text of one class declaration (its decorators included) in a source or markdown text, reduced to what
// makes it mean something: without comments, `export` and whitespace. Used to keep the snippet prelude's
// entities the same as the README's.

export function classSource(text: string, className: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const declaration = lines.findIndex((line) => new RegExp(`^\\s*(export\\s+)?class\\s+${className}\\b`).test(line));
  if (declaration < 0) return undefined;
  let first = declaration;
  while (first > 0 && lines[first - 1].trim().startsWith('@')) first--;
  let last = declaration;
  while (last < lines.length - 1 && !/^\s*}\s*$/.test(lines[last])) last++;
  return lines
    .slice(first, last + 1)
    .map((line) => line.replace(/\/\/.*$/, '').replace(/^\s*export\s+/, ''))
    .join('')
    .replace(/\s+/g, '');
}

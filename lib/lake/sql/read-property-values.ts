/**
 * The top-level properties of a custom event's `props` (JSON text as the lake
 * stores it: Postgres's output for the jsonb value) as [key, value text]
 * pairs, the way the dashboard shows them (PropertyRow in
 * lib/query/dashboard-model.ts): strings as they are, any other value as
 * its JSON text in the file, which is how Postgres printed it. Anything but
 * an object gives no properties; text that is not JSON, none either.
 */
export function readPropertyValues(json: string): [key: string, value: string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return [];
  // Valid JSON from here on: the scanner need not guard against malformed text.
  const values = new Map<string, string>();
  let index = skipSpace(json, json.indexOf("{") + 1);
  while (json[index] !== "}") {
    const keyEnd = endOfValue(json, index);
    const key = JSON.parse(json.slice(index, keyEnd)) as string;
    const valueStart = skipSpace(json, skipSpace(json, keyEnd) + 1); // past the colon
    const valueEnd = endOfValue(json, valueStart);
    const raw = json.slice(valueStart, valueEnd);
    values.set(key, raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
    index = skipSpace(json, valueEnd);
    if (json[index] === ",") index = skipSpace(json, index + 1);
  }
  return [...values];
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && " \t\n\r".includes(text[index]!)) index++;
  return index;
}

/** The index just past the JSON value that starts at `start`. */
function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') {
    let index = start + 1;
    while (text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
    return index + 1;
  }
  if (first === "{" || first === "[") {
    let depth = 0;
    let index = start;
    do {
      const char = text[index];
      if (char === '"') {
        index = endOfValue(text, index);
        continue;
      }
      if (char === "{" || char === "[") depth++;
      else if (char === "}" || char === "]") depth--;
      index++;
    } while (depth > 0);
    return index;
  }
  let index = start;
  while (index < text.length && !",}] \t\n\r".includes(text[index]!)) index++;
  return index;
}

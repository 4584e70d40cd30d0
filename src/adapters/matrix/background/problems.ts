// Problem lines name untrusted ids from the response. Quote them (so control
// characters and spaces show) and bound every line, so a hostile response
// cannot make one line huge.

const MAX_QUOTED = 80;
const MAX_LINE = 400;

/** An id as it appears in a problem line: JSON-quoted, shortened if long. */
export function quote(value: string): string {
  const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(shown);
}

export function problemLine(subject: string, fault: string): string {
  const line = `${subject}: ${fault}`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

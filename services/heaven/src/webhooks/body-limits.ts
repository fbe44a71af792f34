/** The largest webhook body heaven reads; a larger one gets 413 before it is verified or parsed. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** How deeply a webhook's JSON may nest; GitHub's and CircleCI's payloads stay far below it. */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text nests arrays or objects deeper than `max` (counted without parsing, strings skipped). */
export function nestedTooDeeply(json: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

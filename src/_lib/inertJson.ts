/**
 * JSON text with every DEL, C1 control, bidi or invisible format character, line or paragraph
 * separator written as a `\uXXXX` escape. `JSON.stringify` already escapes C0 controls and lone
 * surrogates but writes these as they are: the value read back is the same, character for
 * character, and the file shown in an editor, a terminal or a diff is inert ("Trojan Source").
 * Raw tabs, CR and LF in JSON text are only ever structural white space, and are kept.
 */
export function inertJson(json: string): string {
  return json.replace(/[\x7F-\x9F\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

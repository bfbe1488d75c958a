// In charge of the few text-level XML rules compat mode shares: escaping, entity decoding, CDATA, tag-name characters.

/** The guide tells models to escape only these three, so rendering does the same (compat-mode.md "What goes upstream"). */
export function escapeXmlText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values additionally need `"` escaped, since we always write double quotes. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, "&quot;");
}

/**
 * Decodes the XML entities and numeric character references. Named HTML
 * entities such as `&nbsp;` are left alone on purpose: a model writing raw
 * HTML into a file must not have them silently rewritten. A hand-written scan
 * (code in tool arguments is full of `&lt;`/`&gt;`): a regex replace with a
 * callback per match was an eighth of the parser's time on agent turns.
 */
export function decodeEntities(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = text.indexOf(";", amp + 1);
    if (semi < 0) break;
    // The longest body is "#x10FFFF" or "#1114111" (8 characters).
    const decoded = semi - amp - 1 <= 8 ? entityValue(text, amp + 1, semi) : undefined;
    if (decoded === undefined) {
      amp = text.indexOf("&", amp + 1);
      continue;
    }
    out += text.slice(from, amp) + decoded;
    from = semi + 1;
    amp = text.indexOf("&", from);
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The character for the entity body text[start, end) (between `&` and `;`), or undefined when it is not one we decode. */
function entityValue(text: string, start: number, end: number): string | undefined {
  if (text.charCodeAt(start) !== 35 /* # */) {
    switch (text.slice(start, end)) {
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return '"';
      case "apos":
        return "'";
      default:
        return undefined;
    }
  }
  const marker = text.charCodeAt(start + 1);
  const hex = marker === 120 /* x */ || marker === 88; /* X */
  const first = start + (hex ? 2 : 1);
  const digits = end - first;
  if (digits < 1 || digits > (hex ? 6 : 7)) return undefined;
  let code = 0;
  for (let i = first; i < end; i++) {
    const digit = digitValue(text.charCodeAt(i), hex);
    if (digit < 0) return undefined;
    code = code * (hex ? 16 : 10) + digit;
  }
  const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : undefined;
}

function digitValue(code: number, hex: boolean): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (!hex) return -1;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";

/** Decodes a value: CDATA sections literally, everything else through entity decoding. */
export function decodeValueText(raw: string): string {
  let open = raw.indexOf(CDATA_OPEN);
  if (open < 0) return decodeEntities(raw);
  let out = "";
  let from = 0;
  while (open >= 0) {
    out += decodeEntities(raw.slice(from, open));
    const close = raw.indexOf(CDATA_CLOSE, open + CDATA_OPEN.length);
    // An unterminated CDATA (truncated output) runs to the end.
    const end = close < 0 ? raw.length : close;
    out += raw.slice(open + CDATA_OPEN.length, end);
    from = close < 0 ? raw.length : close + CDATA_CLOSE.length;
    open = raw.indexOf(CDATA_OPEN, from);
  }
  return out + decodeEntities(raw.slice(from));
}

/** Where a value that may start with a CDATA section ends: the close tag is searched after the CDATA, which may contain it. */
export function findValueEnd(text: string, from: number, closeTag: string): number {
  let at = from;
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
  if (text.startsWith(CDATA_OPEN, at)) {
    const close = text.indexOf(CDATA_CLOSE, at + CDATA_OPEN.length);
    if (close < 0) return -1;
    at = close + CDATA_CLOSE.length;
  } else {
    at = from;
  }
  return text.indexOf(closeTag, at);
}

export function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Tag-name characters, including `:` for the `cs:` prefix. */
export function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || code === 58 || code === 45 || code === 46 // _ : - .
  );
}

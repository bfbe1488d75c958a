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

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ENTITY_PATTERN = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;

/**
 * Decodes the XML entities and numeric character references. Named HTML
 * entities such as `&nbsp;` are left alone on purpose: a model writing raw
 * HTML into a file must not have them silently rewritten.
 */
export function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(ENTITY_PATTERN, (whole: string, body: string) => {
    if (body.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES[body] ?? whole;
    const hex = body[1] === "x" || body[1] === "X";
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
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

// In charge of writing SSE frames; rejects CR/LF in `event` so a value cannot inject frames.
export function sseFrame(data: string, event?: string): string {
  let out = "";
  if (event !== undefined) {
    if (event.includes("\n") || event.includes("\r")) throw new Error("SSE event name must not contain CR or LF");
    out += `event: ${event}\n`;
  }
  // JSON.stringify output never contains raw newlines; split anyway so any text stays one event.
  if (data.includes("\n")) for (const part of data.split("\n")) out += `data: ${part}\n`;
  else out += `data: ${data}\n`;
  return out + "\n";
}

export function sseJson(value: unknown, event?: string): string {
  return sseFrame(JSON.stringify(value), event);
}

/** The placeholder a frame template is built around (see textSlot). */
export const SLOT = "\u0000slot\u0000";

/**
 * For the most frequent frame of a stream (a text delta): the frame serialised once with SLOT as
 * the text, split there, so each delta costs one JSON.stringify of its text instead of the whole
 * object, and the bytes are identical to serialising it.
 */
export function textSlot(frameWithSlot: string): (text: string) => string {
  const marker = JSON.stringify(SLOT);
  const at = frameWithSlot.indexOf(marker);
  if (at === -1) throw new Error("frame template without its slot");
  const head = frameWithSlot.slice(0, at);
  const tail = frameWithSlot.slice(at + marker.length);
  return (text) => head + JSON.stringify(text) + tail;
}

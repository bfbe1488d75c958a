// In charge of writing SSE frames; rejects CR/LF in `event` so a value cannot inject frames.
export function sseFrame(data: string, event?: string): string {
  let out = "";
  if (event !== undefined) {
    if (/[\r\n]/.test(event)) throw new Error("SSE event name must not contain CR or LF");
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

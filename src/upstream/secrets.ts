// In charge of removing provider secrets from anything that leaves ccproxy (errors, logs).
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}

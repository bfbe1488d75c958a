// In charge of the protocol-agnostic unit a stream decoder consumes.
/** One SSE event (`event` + joined `data` lines) or one NDJSON line (`data` only). */
export interface StreamFrame {
  event?: string;
  data: string;
}

// A parser for the text/event-stream format (the WHATWG "server-sent events" framing), fed
// with decoded text as it arrives in chunks of any size. The browser's EventSource would do
// this, but it cannot send an Authorization header, so the board stream is read with fetch().
//
// Lines end with LF, CRLF or CR; `field: value` (one space after the colon is dropped);
// `event:` names the message, `data:` lines are joined with LF, `id:` sets the last event id
// (it persists to later messages, as in EventSource); a line starting with `:` is a comment
// (keep-alive); a blank line ends the message. A message without data is not dispatched.

export interface SseMessage {
  event: string; // `message` when the server named none
  data: string;
  /** The last event id seen so far (from this message or an earlier one). */
  lastEventId: string | null;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private lastEventId: string | null = null;

  /** Feeds a chunk of text; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const lf = this.buffer.indexOf('\n');
      const cr = this.buffer.indexOf('\r');
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF split across chunks: wait.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(next);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      const message =
        this.data.length > 0
          ? { event: this.event || 'message', data: this.data.join('\n'), lastEventId: this.lastEventId }
          : null;
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return null; // a comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    // `retry:` and unknown fields are ignored: the reconnect delay is the client's backoff.
    return null;
  }
}

// Text from a server (error bodies, job and file names) made safe to print to a terminal: no escape
// sequences that recolour, move the cursor, retitle the window or hide text, no bidi overrides.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-byte ESC sequences, and the 8-bit CSI.
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- escape sequences are what this removes
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// Every other control character except tab and newline (our own line breaks), and bidi overrides.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '?');
}

/**
 * Bytes of a file to the text an editor shows: UTF-8 by default with a byte order mark dropped
 * (VS Code does not show it, so offsets and columns on line 1 match the editor's), UTF-16 when a
 * byte order mark says so (Windows PowerShell 5 writes `.env` files as UTF-16LE), and invalid
 * UTF-8 as U+FFFD, one character per bad sequence, as the editor shows it. Pure: no I/O.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    // big-endian: swap each pair (TextDecoder's utf-16be needs full ICU)
    const body = new Uint8Array((bytes.length - 2) & ~1);
    for (let i = 0; i < body.length; i += 2) { body[i] = bytes[i + 3]; body[i + 1] = bytes[i + 2]; }
    return new TextDecoder('utf-16le').decode(body);
  }
  // TextDecoder drops a UTF-8 byte order mark itself
  return new TextDecoder('utf-8').decode(bytes);
}


/**
 * Just enough DER (ITU-T X.690) to read a certificate revocation list: node:crypto parses certificates
 * (X509Certificate) but not CRLs. Reads tag-length-value elements; nothing here builds DER.
 */

export interface DerElement {
  readonly tag: number;
  /** The whole element, header included (what a signature covers). */
  readonly bytes: Buffer;
  /** The value only. */
  readonly content: Buffer;
}

export class DerError extends Error {}

/** The element starting at `offset` of `data`. */
export function readElement(data: Buffer, offset = 0): DerElement {
  if (offset + 2 > data.length) throw new DerError(`truncated DER at byte ${offset}`);
  const tag = data[offset];
  let length = data[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new DerError(`unsupported DER length form at byte ${offset}`);
    if (offset + 2 + octets > data.length) throw new DerError(`truncated DER length at byte ${offset}`);
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + data[offset + 2 + i];
    header += octets;
  }
  const end = offset + header + length;
  if (end > data.length) throw new DerError(`DER element at byte ${offset} runs past the end (${end} > ${data.length})`);
  return { tag, bytes: data.subarray(offset, end), content: data.subarray(offset + header, end) };
}

/** The elements inside a constructed element (a SEQUENCE's members). */
export function children(element: DerElement): DerElement[] {
  const items: DerElement[] = [];
  for (let offset = 0; offset < element.content.length;) {
    const item = readElement(element.content, offset);
    items.push(item);
    offset += item.bytes.length;
  }
  return items;
}

export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  objectIdentifier: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
} as const;

/** An OBJECT IDENTIFIER's dotted form. */
export function objectIdentifier(element: DerElement): string {
  const bytes = element.content;
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

/** A UTCTime or GeneralizedTime (RFC 5280 section 4.1.2.5: UTC, seconds, `Z`). */
export function time(element: DerElement): Date {
  const text = element.content.toString("ascii");
  const match =
    element.tag === DER_TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match || (element.tag !== DER_TAG.utcTime && element.tag !== DER_TAG.generalizedTime)) throw new DerError(`not a DER time: ${text}`);
  const year = element.tag === DER_TAG.utcTime ? (Number(match[1]) >= 50 ? 1900 : 2000) + Number(match[1]) : Number(match[1]);
  return new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])));
}

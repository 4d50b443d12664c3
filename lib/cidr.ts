/** IPv4 CIDR arithmetic used by config validation (containment and overlap of subnets). */

export interface Ipv4Cidr {
  readonly text: string;
  /** First address of the block as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address of the block as an unsigned 32-bit integer. */
  readonly end: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything malformed or not aligned to its prefix. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) return undefined;
  return { text, start: address, end: address + size - 1, prefixLength };
}

export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

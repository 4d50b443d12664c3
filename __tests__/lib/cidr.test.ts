import { cidrContains, cidrsOverlap, parseCidr } from "../../lib/cidr";

describe("cidr", () => {
  test("GIVEN a CIDR block THEN it parses into its first and last address", () => {
    expect(parseCidr("10.0.1.0/24")).toEqual({ text: "10.0.1.0/24", start: 0x0a000100, end: 0x0a0001ff, prefixLength: 24 });
    expect(parseCidr("0.0.0.0/0")).toMatchObject({ start: 0, end: 2 ** 32 - 1 });
  });

  test.each(["10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0.1/24", "10.0.0.0/-1", " 10.0.0.0/8"])(
    "GIVEN %p THEN it is refused",
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  test("GIVEN two blocks THEN containment and overlap are decided by their address ranges", () => {
    const vpc = parseCidr("10.0.0.0/16")!;
    expect(cidrContains(vpc, parseCidr("10.0.11.0/24")!)).toBe(true);
    expect(cidrContains(vpc, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(cidrsOverlap(parseCidr("10.0.1.0/24")!, parseCidr("10.0.1.128/25")!)).toBe(true);
    expect(cidrsOverlap(parseCidr("10.0.1.0/24")!, parseCidr("10.0.2.0/24")!)).toBe(false);
  });
});

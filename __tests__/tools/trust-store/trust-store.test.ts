import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { X509Certificate } from "crypto";
import { checkBundle, EXPIRY_WARNING_DAYS, repositoryBundleChecks } from "../../../tools/trust-store/bundle";
import { checkRevocationLists } from "../../../tools/trust-store/crl";
import { revocationConfigLines } from "../../../scripts/trust-store";

const ROOT = path.join(__dirname, "..", "..", "..");
const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS);

// Under CI=true (.ci/run has openssl) a missing openssl fails instead of skipping.
const haveOpenssl = spawnSync("openssl", ["version"]).status === 0 || process.env.CI === "true";
if (!haveOpenssl) console.log("Skipping the trust-store tests: no openssl on PATH to build their certificates.");

/** A small PKI made with openssl: EC keys (fast), a root, intermediates, a leaf, a CRL with one revoked leaf. */
class TestPki {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-store-"));

  openssl(...args: string[]): void {
    const run = spawnSync("openssl", args, { cwd: this.dir, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${run.stderr}`);
  }

  file(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), "utf8");
  }

  /** A CA (or, with `ca` false, a leaf) named `name`, signed by `issuer` or itself, valid `days`. */
  certificate(name: string, options: { issuer?: string; ca?: boolean; days?: number; extra?: string[] } = {}): string {
    const { issuer, ca = true, days = 365, extra = [] } = options;
    this.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
    const constraints = ca ? "basicConstraints=critical,CA:TRUE" : "basicConstraints=critical,CA:FALSE";
    const usage = ca ? "keyUsage=critical,keyCertSign,cRLSign" : "keyUsage=critical,digitalSignature";
    if (!issuer) {
      this.openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        `${name}.key`,
        "-subj",
        `/CN=${name}`,
        "-days",
        String(days),
        "-addext",
        constraints,
        "-addext",
        usage,
        ...extra,
        "-out",
        `${name}.pem`,
      );
    } else {
      this.openssl("req", "-new", "-key", `${name}.key`, "-subj", `/CN=${name}`, "-out", `${name}.csr`);
      fs.writeFileSync(path.join(this.dir, `${name}.ext`), `${constraints}\n${usage}\n`);
      this.openssl(
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        `${issuer}.pem`,
        "-CAkey",
        `${issuer}.key`,
        "-CAcreateserial",
        "-days",
        String(days),
        "-extfile",
        `${name}.ext`,
        "-out",
        `${name}.pem`,
      );
    }
    return this.file(`${name}.pem`);
  }

  /** A CRL signed by `issuer` revoking `revoked`, as PEM and DER; next update in `days`. */
  revocationList(issuer: string, revoked: readonly string[], days = 7): { pem: Buffer; der: Buffer } {
    const db = `${issuer}-db`;
    fs.mkdirSync(path.join(this.dir, db), { recursive: true });
    fs.writeFileSync(path.join(this.dir, db, "index.txt"), "");
    fs.writeFileSync(path.join(this.dir, db, "crlnumber"), "01\n");
    const config = `[ca]\ndefault_ca = test\n[test]\ndatabase = ${db}/index.txt\ncrlnumber = ${db}/crlnumber\ndefault_md = sha256\ndefault_crl_days = ${days}\n`;
    fs.writeFileSync(path.join(this.dir, `${issuer}-ca.cnf`), config);
    const ca = ["-config", `${issuer}-ca.cnf`, "-cert", `${issuer}.pem`, "-keyfile", `${issuer}.key`];
    for (const leaf of revoked) this.openssl("ca", ...ca, "-revoke", `${leaf}.pem`);
    this.openssl("ca", ...ca, "-gencrl", "-out", `${issuer}.crl.pem`);
    this.openssl("crl", "-in", `${issuer}.crl.pem`, "-outform", "DER", "-out", `${issuer}.crl.der`);
    return {
      pem: fs.readFileSync(path.join(this.dir, `${issuer}.crl.pem`)),
      der: fs.readFileSync(path.join(this.dir, `${issuer}.crl.der`)),
    };
  }
}

(haveOpenssl ? describe : describe.skip)("the ALB trust store's CA bundle and revocation lists", () => {
  let pki: TestPki;
  const certs: Record<string, string> = {};
  let crl: { pem: Buffer; der: Buffer };

  beforeAll(() => {
    pki = new TestPki();
    certs.root = pki.certificate("Federal Test Root CA");
    certs.intermediate = pki.certificate("Test Issuing CA", { issuer: "Federal Test Root CA" });
    certs.leaf = pki.certificate("Jane Doe PIV", { issuer: "Test Issuing CA", ca: false });
    certs.revokedLeaf = pki.certificate("Lost Card PIV", { issuer: "Test Issuing CA", ca: false });
    certs.shortLived = pki.certificate("Short Lived CA", { days: 10 });
    // A chain of five: root and four intermediates below it.
    for (let level = 1; level <= 4; level++) {
      certs[`deep${level}`] = pki.certificate(`Deep CA ${level}`, {
        issuer: level === 1 ? "Federal Test Root CA" : `Deep CA ${level - 1}`,
      });
    }
    certs.oversized = pki.certificate("Oversized CA", { extra: ["-addext", `nsComment=${"x".repeat(13_000)}`] });
    crl = pki.revocationList("Test Issuing CA", ["Lost Card PIV"]);
  }, 60_000);

  afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

  const bundle = (...names: string[]) => names.map((name) => certs[name]).join("");
  const parsed = (...names: string[]) => names.map((name) => new X509Certificate(certs[name]));

  describe("bundle", () => {
    test("GIVEN a root and its issuing CA THEN the bundle passes, one summary line per certificate", () => {
      const check = checkBundle("fpki.pem", bundle("root", "intermediate"));
      expect(check).toMatchObject({ errors: [], warnings: [] });
      expect(check.summary).toEqual([
        expect.stringMatching(/^1\. Federal Test Root CA {2}CA: yes {2}expires \d{4}-\d{2}-\d{2}$/),
        expect.stringMatching(/^2\. Test Issuing CA {2}CA: yes/),
      ]);
    });

    test("GIVEN a leaf certificate in the bundle THEN it is refused: a trust store holds CAs only", () => {
      expect(checkBundle("fpki.pem", bundle("root", "leaf")).errors).toEqual([
        "fpki.pem: certificate 2 (Jane Doe PIV) is not a CA certificate (basicConstraints CA:FALSE or absent): a trust store holds CAs only",
      ]);
    });

    test(`GIVEN a CA that expires within ${EXPIRY_WARNING_DAYS} days THEN a warning; once expired THEN an error`, () => {
      expect(checkBundle("fpki.pem", bundle("shortLived")).warnings).toEqual([
        expect.stringMatching(/^fpki\.pem: certificate 1 \(Short Lived CA\) expires on .*, within 30 days/),
      ]);
      expect(checkBundle("fpki.pem", bundle("shortLived"), inDays(11)).errors).toEqual([
        expect.stringMatching(/^fpki\.pem: certificate 1 \(Short Lived CA\) expired on /),
      ]);
    });

    test("GIVEN 26 CA certificates THEN the bundle is refused: the ALB takes 25", () => {
      expect(checkBundle("fpki.pem", certs.root.repeat(26)).errors).toEqual([
        "fpki.pem: holds 26 certificates; an ALB trust store takes at most 25 CA certificates",
      ]);
    });

    test("GIVEN a certificate over 16 KB THEN it is refused naming its size", () => {
      expect(Buffer.byteLength(certs.oversized)).toBeGreaterThan(16 * 1024);
      expect(checkBundle("fpki.pem", bundle("oversized")).errors).toEqual([
        expect.stringMatching(/^fpki\.pem: certificate 1 is \d+ bytes; the ALB takes at most 16384 bytes \(16 KB\) per certificate$/),
      ]);
    });

    test("GIVEN a chain of five certificates THEN its deepest CA is refused: the ALB verifies chains of at most 4", () => {
      expect(checkBundle("fpki.pem", bundle("root", "deep1", "deep2", "deep3", "deep4")).errors).toEqual([
        "fpki.pem: certificate 5 (Deep CA 4) ends a chain of 5 certificates; the ALB verifies chains of at most 4",
      ]);
      expect(checkBundle("fpki.pem", bundle("root", "deep1", "deep2", "deep3")).errors).toEqual([]);
    });

    test("GIVEN no certificate or one that does not parse THEN the bundle is refused", () => {
      expect(checkBundle("fpki.pem", "not a bundle").errors).toEqual(["fpki.pem: holds no PEM certificate (-----BEGIN CERTIFICATE-----)"]);
      expect(checkBundle("fpki.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n").errors).toEqual([
        "fpki.pem: certificate 1 does not parse as an X.509 certificate",
      ]);
    });
  });

  test("GIVEN a bundle kept in the repository (pemFile) THEN preflight checks it, naming the stack; a bundle in S3 is not read", () => {
    fs.writeFileSync(path.join(pki.dir, "repo-bundle.pem"), bundle("root", "leaf"));
    const config = {
      environments: {
        treasuryPlane: [
          { stack: "treasury-plane-dev", config: { mutualTls: { caBundle: { pemFile: "repo-bundle.pem" } } } },
          { stack: "treasury-plane-prod", config: { mutualTls: { caBundle: { bucket: "pki", key: "ca.pem" } } } },
        ],
      },
    };
    expect(repositoryBundleChecks(config, pki.dir).errors).toEqual([
      "treasury-plane-dev: repo-bundle.pem: certificate 2 (Jane Doe PIV) is not a CA certificate (basicConstraints CA:FALSE or absent): a trust store holds CAs only",
    ]);
    expect(repositoryBundleChecks(config, pki.dir, ["treasury-plane-prod"]).errors).toEqual([]);
  });

  describe("revocation lists", () => {
    test("GIVEN a CRL in PEM and in DER from the bundle's issuing CA THEN both pass, with its entry count, issuer and next update", () => {
      const check = checkRevocationLists(
        [
          { file: "issuing.crl.pem", content: crl.pem },
          { file: "issuing.crl", content: crl.der },
        ],
        parsed("root", "intermediate"),
      );
      expect(check).toMatchObject({ errors: [], warnings: [] });
      expect(check.lists.map((list) => [list.entries, list.issuer?.subject])).toEqual([
        [1, "CN=Test Issuing CA"],
        [1, "CN=Test Issuing CA"],
      ]);
      expect(check.lists[0].nextUpdate!.getTime()).toBeGreaterThan(Date.now());
      expect(check.summary[2]).toBe("total: 2 file(s), 2 entries");
    });

    test("GIVEN a CRL whose issuer is not in the bundle THEN it is refused: the ALB would not use it", () => {
      expect(checkRevocationLists([{ file: "issuing.crl", content: crl.der }], parsed("root")).errors).toEqual([
        "issuing.crl: is signed by no certificate in the bundle: the ALB would not use it for these clients",
      ]);
    });

    test("GIVEN a CRL past its next update THEN it is refused: a newer list exists", () => {
      expect(checkRevocationLists([{ file: "issuing.crl", content: crl.der }], parsed("intermediate"), inDays(8)).errors).toEqual([
        expect.stringMatching(/^issuing\.crl: its nextUpdate .* has passed: a newer list exists, download it from the issuer$/),
      ]);
    });

    test("GIVEN 31 files or a file that is no CRL THEN each is refused", () => {
      const many = Array.from({ length: 31 }, (_, index) => ({ file: `${index}.crl`, content: crl.der }));
      expect(checkRevocationLists(many, parsed("intermediate")).errors).toEqual([
        "31 revocation files; an ALB trust store takes at most 30",
      ]);
      expect(checkRevocationLists([{ file: "x.crl", content: Buffer.from(certs.root) }], parsed("intermediate")).errors).toEqual([
        expect.stringMatching(/^x\.crl: cannot be read as a certificate revocation list \(DER or PEM\): /),
      ]);
    });

    test("GIVEN the command with a bucket and prefix THEN it prints the upload commands and the config lines; a bad bundle exits 1", () => {
      fs.writeFileSync(path.join(pki.dir, "bundle.pem"), bundle("root", "intermediate"));
      const run = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ["-r", path.join(ROOT, "scripts", "swc-register.js"), path.join(ROOT, "scripts", "trust-store.ts"), ...args],
          {
            cwd: pki.dir,
            encoding: "utf8",
          },
        );
      const ok = run("crl", "--bundle", "bundle.pem", "--bucket", "pki", "--prefix", "fpki/crl/", "Test Issuing CA.crl.der");
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(revocationConfigLines(["Test Issuing CA.crl.der"], "pki", "fpki/crl/").join("\n"));
      expect(ok.stdout).toContain(
        '{ "bucket": "pki", "key": "fpki/crl/Test Issuing CA.crl.der", "objectVersion": "<VersionId of Test Issuing CA.crl.der>" }',
      );
      fs.writeFileSync(path.join(pki.dir, "leafy.pem"), bundle("leaf"));
      const bad = run("bundle", "leafy.pem");
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain("is not a CA certificate");
      expect(run("crl", "Test Issuing CA.crl.der").status).toBe(2);
    }, 30_000);
  });
});

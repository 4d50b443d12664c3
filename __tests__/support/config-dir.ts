import * as fs from "fs";
import * as os from "os";
import * as path from "path";

type ConfigJson = Record<string, unknown>;
export type ConfigChanges = Readonly<Record<string, (config: ConfigJson) => void>>;

const COMMITTED = path.join(__dirname, "..", "..", "config");
const ZONE = "Z04512345ABCDEFGHIJKL";
/** The one account every stack of the filled-in config is applied to (the one-account layout). */
export const ACCOUNT_ID = "402938475610";
export const STATE_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/dabe1478-fe48-47ca-b6f8-ca044b643a82`;

/** What an operator writes over the committed template's placeholders, file by file. */
export const FILLED_IN: ConfigChanges = {
  "state-backend.json": (config) => {
    config.bucket = "acme-platforms-terraform-state";
    // What `npm run bootstrap` writes: the state key's ARN (a key id as KMS issues them, which Terraform checks).
    config.kmsKeyId = STATE_KEY_ARN;
    config.allowedAccountIds = [ACCOUNT_ID];
  },
  "coherent-dev.json": (config) => {
    config.allowedAccountIds = [ACCOUNT_ID];
    config.sshAllowedCidr = "10.20.0.0/16";
  },
  "coherent-prod.json": (config) => {
    config.allowedAccountIds = [ACCOUNT_ID];
    config.sshAllowedCidr = "10.20.0.0/16";
    config.domain = { name: "pmo.acme-corp.net", hostedZoneId: ZONE };
    config.monitoring = { alarmSubscribers: [{ email: "pmo-oncall@acme-corp.net" }] };
  },
  "treasury-plane-dev.json": fillTreasuryPlane,
  "treasury-plane-prod.json": (config) => {
    fillTreasuryPlane(config);
    config.monitoring = { alarmSubscribers: [{ email: "plane-oncall@acme-corp.net" }] };
  },
};

/** A version id as S3 writes them. */
const VERSION_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY";

function fillTreasuryPlane(config: ConfigJson): void {
  config.allowedAccountIds = [ACCOUNT_ID];
  config.domain = { ...(config.domain as object), hostedZoneId: ZONE };
  type S3Object = { bucket: string; objectVersion?: string };
  const fill = (object: S3Object) => ({
    ...object,
    bucket: "acme-federal-pki",
    ...(object.objectVersion && { objectVersion: VERSION_ID }),
  });
  const mutualTls = config.mutualTls as { caBundle: S3Object; revocationLists?: S3Object[] };
  config.mutualTls = {
    ...mutualTls,
    caBundle: fill(mutualTls.caBundle),
    ...(mutualTls.revocationLists && { revocationLists: mutualTls.revocationLists.map(fill) }),
  };
}

/** A copy of config/ in a new temporary folder with `changes` applied; returns the folder. */
export function configCopy(...changes: ConfigChanges[]): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "config-")), "config");
  fs.cpSync(COMMITTED, dir, { recursive: true });
  for (const change of changes) {
    for (const [file, edit] of Object.entries(change)) {
      const target = path.join(dir, file);
      const config = JSON.parse(fs.readFileSync(target, "utf8")) as ConfigJson;
      edit(config);
      fs.writeFileSync(target, JSON.stringify(config, null, 2));
    }
  }
  return dir;
}

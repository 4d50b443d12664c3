/**
 * Local stand-ins for the state backend's S3 bucket and DynamoDB lock table: s3rver and dynalite, in this
 * process, on loopback, on free ports. `stop()` closes both (call it in afterAll, which jest runs even
 * when a test fails), so no process or port outlives the suite.
 *
 * s3rver ignores `If-None-Match: *` on PUT (S3's conditional write, which Terraform's native lock file
 * relies on), so a small proxy in front of it answers 412 PreconditionFailed for an existing object, as
 * S3 does (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";

// Untyped CommonJS packages; only these calls are used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => http.Server;

/** s3rver's fixed credentials; dynalite accepts any. */
export const EMULATOR_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface StateBackendEmulators {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** Every S3 request Terraform made, as `METHOD /bucket/key`. */
  readonly s3Requests: string[];
  getObject(bucket: string, key: string): Promise<string | undefined>;
  putObject(bucket: string, key: string, body: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  /** Calls the DynamoDB JSON API (`CreateTable`, `PutItem`, `DeleteItem`, ...). */
  dynamodb(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Writes `<dir>/emulators.s3.tfbackend`: the only settings an S3 backend block needs changed to use the
 * emulators (`terraform init -backend-config=<file>`); returns its path.
 */
export function emulatorBackendConfig(emulators: Pick<StateBackendEmulators, "s3Endpoint" | "dynamodbEndpoint">, dir: string): string {
  const file = path.join(dir, "emulators.s3.tfbackend");
  fs.writeFileSync(
    file,
    [
      `endpoints = { s3 = "${emulators.s3Endpoint}", dynamodb = "${emulators.dynamodbEndpoint}" }`,
      // s3rver serves buckets by path; there is no STS or instance metadata to ask.
      "use_path_style = true",
      "skip_credentials_validation = true",
      "skip_requesting_account_id = true",
      "skip_metadata_api_check = true",
    ].join("\n"),
  );
  return file;
}

/** AWS settings for terraform against the emulators: their credentials, no profile, no instance metadata. */
export const EMULATOR_ENV = {
  AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
  AWS_PROFILE: "",
  AWS_SESSION_TOKEN: "",
  AWS_EC2_METADATA_DISABLED: "true",
};

const listen = (server: http.Server) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startStateBackendEmulators(bucket: string): Promise<StateBackendEmulators> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "platforms-s3rver-"));
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const s3Port = (await s3.run()).port;
  const s3Upstream = `http://127.0.0.1:${s3Port}`;
  const s3Requests: string[] = [];

  const proxy = http.createServer((request, response) => {
    const url = request.url ?? "/";
    s3Requests.push(`${request.method} ${url.split("?")[0]}`);
    const forward = () => {
      const upstream = http.request(`${s3Upstream}${url}`, { method: request.method, headers: request.headers }, (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      });
      upstream.on("error", () => response.writeHead(502).end());
      request.pipe(upstream);
    };
    if (request.method === "PUT" && request.headers["if-none-match"] === "*") {
      void fetch(`${s3Upstream}${url.split("?")[0]}`, { method: "HEAD" }).then((head) => {
        if (head.status !== 200) return forward();
        request.resume();
        response.writeHead(412, { "Content-Type": "application/xml" });
        response.end(
          "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
        );
      }, forward);
      return;
    }
    forward();
  });
  const s3Endpoint = `http://127.0.0.1:${await listen(proxy)}`;

  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamodbEndpoint = `http://127.0.0.1:${await listen(dynamo)}`;

  return {
    s3Endpoint,
    dynamodbEndpoint,
    s3Requests,
    async getObject(b, key) {
      const response = await fetch(`${s3Upstream}/${b}/${key}`);
      return response.status === 200 ? response.text() : undefined;
    },
    async putObject(b, key, body) {
      await fetch(`${s3Upstream}/${b}/${key}`, { method: "PUT", body });
    },
    async deleteObject(b, key) {
      await fetch(`${s3Upstream}/${b}/${key}`, { method: "DELETE" });
    },
    async dynamodb(action, body) {
      const response = await fetch(dynamodbEndpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.0",
          "X-Amz-Target": `DynamoDB_20120810.${action}`,
          // dynalite wants a well-formed SigV4 header and does not check the signature.
          Authorization: "AWS4-HMAC-SHA256 Credential=S3RVER/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
          "X-Amz-Date": "20260101T000000Z",
        },
        body: JSON.stringify(body),
      });
      const reply = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`DynamoDB ${action} failed: ${JSON.stringify(reply)}`);
      return reply;
    },
    async stop() {
      await Promise.all([close(proxy), close(dynamo), s3.close()]);
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

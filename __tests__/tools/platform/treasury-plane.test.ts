import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import {
  CLIENT_CERT_HEADER,
  DAPHNE_PORT,
  GUNICORN_PORT,
  HEALTH_CHECK_PATH,
  IDENTITY_HEADERS,
  LOGIN_GOV_PATH,
  MTLS_VERIFY_HEADERS,
  ORIGIN_VERIFY_HEADER,
  PIV_PATH,
} from "../../../lib/sign-in-paths";
import { NGINX_LOG_DIR, ORIGIN_VERIFY_MAP_FILE, PLATFORM_DIR, renderTreasuryPlatformFiles } from "../../../tools/platform/treasury-plane";
import { committedPlatformFiles } from "../../../scripts/platform";
import {
  freePort,
  nginxDir,
  nginxSkipReason,
  RecordingUpstream,
  request,
  RunningNginx,
  startNginx,
  startRecordingUpstream,
} from "../../support/nginx";

const ROOT = path.join(__dirname, "..", "..", "..");
const HOOK = "hooks/prebuild/10_treasury_plane_origin_verify.sh";
const CURRENT_SECRET = "current-origin-secret-0123456789abcdefghijklmnop";
const PREVIOUS_SECRET = "previous-origin-secret-0123456789abcdefghijklmno";

describe("the committed platform files", () => {
  test("GIVEN platform/treasury-plane/.platform THEN every file is what the generator renders from the stacks' constants, hooks executable (npm run platform -- write)", () => {
    const committed = committedPlatformFiles(ROOT);
    for (const [file, rendered] of renderTreasuryPlatformFiles()) {
      expect({ file, ...committed.get(file) }).toEqual({ file, ...rendered });
    }
  });

  test("GIVEN the nginx configuration THEN it listens on exactly the instance ports of the two Beanstalk processes and proxies to Gunicorn and Daphne", () => {
    const conf = renderTreasuryPlatformFiles().get("nginx/conf.d/treasury-plane.conf")!.content;
    expect([...conf.matchAll(/^\s*listen (\d+);/gm)].map((match) => Number(match[1]))).toEqual([
      PIV_PATH.instancePort,
      LOGIN_GOV_PATH.instancePort,
    ]);
    expect(conf).toContain(`server 127.0.0.1:${GUNICORN_PORT};`);
    expect(conf).toContain(`server 127.0.0.1:${DAPHNE_PORT};`);
  });
});

/** Runs the committed origin-secret hook with stand-ins for get-config and the AWS CLI. */
function runHook(dir: string, options: { secretArn?: string; secret?: string; awsFails?: string }) {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const stub = (name: string, body: string) => {
    fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`);
    fs.chmodSync(path.join(bin, name), 0o755);
  };
  stub(
    "get-config",
    `case "$3" in ORIGIN_VERIFY_SECRET_ARN) ${options.secretArn ? `echo '${options.secretArn}'` : "exit 1"} ;; AWS_REGION) echo us-east-1 ;; esac`,
  );
  stub(
    "aws",
    options.awsFails
      ? `echo '${options.awsFails}' >&2; exit 254`
      : `[ "$*" = "secretsmanager get-secret-value --region us-east-1 --secret-id ${options.secretArn} --query SecretString --output text" ] || exit 99\ncat <<'JSON'\n${options.secret}\nJSON`,
  );
  const mapFile = path.join(dir, "etc", "origin-verify.map");
  const run = spawnSync("bash", [path.join(ROOT, PLATFORM_DIR, HOOK)], {
    encoding: "utf8",
    env: { PATH: `${bin}:/usr/bin:/bin`, EB_GET_CONFIG: path.join(bin, "get-config"), ORIGIN_VERIFY_MAP_FILE: mapFile },
  });
  return { status: run.status, stderr: run.stderr, map: fs.existsSync(mapFile) ? fs.readFileSync(mapFile, "utf8") : undefined };
}

describe("the origin-secret hook", () => {
  const scratch: string[] = [];
  const dir = () => {
    scratch.push(fs.mkdtempSync(path.join(os.tmpdir(), "origin-hook-")));
    return scratch[scratch.length - 1];
  };
  afterAll(() => scratch.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));
  const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:treasury-plane/prod/origin-verify-AbCdEf";

  test("GIVEN a secret with a current and a previous value (a rotation) THEN both are accepted", () => {
    const result = runHook(dir(), { secretArn: arn, secret: JSON.stringify({ current: CURRENT_SECRET, previous: PREVIOUS_SECRET }) });
    expect(result.status).toBe(0);
    expect(result.map).toBe(`"~^${CURRENT_SECRET}$" 1;\n"~^${PREVIOUS_SECRET}$" 1;\n`);
  });

  test.each([
    ["no secret ARN in the environment", { secretArn: undefined, secret: "" }, "ORIGIN_VERIFY_SECRET_ARN is not set"],
    ["the secret cannot be read", { secretArn: arn, awsFails: "AccessDeniedException" }, `cannot read ${arn}: AccessDeniedException`],
    ["the secret is not JSON (not set yet)", { secretArn: arn, secret: "None" }, "0 origin secret value(s)"],
    ["a value outside the allowed form", { secretArn: arn, secret: '{"current": "short\\" 1; default 1;"}' }, "ignored the current value"],
  ])("GIVEN %s THEN the map is empty (the Login.gov port refuses everything) and the log says why", (_, options, message) => {
    const result = runHook(dir(), options);
    expect(result.status).toBe(0);
    expect(result.map).toBe("");
    expect(result.stderr).toContain(message);
  });

  // Under CI=true (.ci/run installs it) a missing shellcheck fails the test instead of skipping it.
  const shellcheck = spawnSync("shellcheck", ["--version"]).status === 0 || process.env.CI === "true";
  (shellcheck ? test : test.skip)("GIVEN the hook THEN shellcheck reports nothing (skipped outside CI without shellcheck)", () => {
    const result = spawnSync("shellcheck", ["--severity=style", path.join(ROOT, PLATFORM_DIR, HOOK)], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});

const skipNginx = nginxSkipReason();
if (skipNginx) console.log(`Skipping the nginx tests: ${skipNginx}.`);

(skipNginx ? describe.skip : describe)("the shipped nginx configuration, run by a real nginx", () => {
  let gunicorn: RecordingUpstream;
  let daphne: RecordingUpstream;
  let nginx: RunningNginx;
  const ports = { piv: 0, loginGov: 0, beanstalkDefault: 0 };
  /** A CloudFront request with the current origin secret. */
  const viaCloudFront = { [ORIGIN_VERIFY_HEADER]: CURRENT_SECRET };

  beforeAll(async () => {
    [gunicorn, daphne] = await Promise.all([startRecordingUpstream("gunicorn"), startRecordingUpstream("daphne")]);
    [ports.piv, ports.loginGov, ports.beanstalkDefault] = await Promise.all([freePort(), freePort(), freePort()]);
    const dir = nginxDir();
    fs.mkdirSync(path.join(dir, "log", "healthd"), { recursive: true });
    // Variable log paths are opened by the worker, which runs unprivileged when the tests run as root.
    for (const logDir of ["log", "log/healthd"]) fs.chmodSync(path.join(dir, logDir), 0o777);
    // The committed files as shipped, moved only to loopback ports and this prefix; each move must apply.
    const moves: [string, string][] = [
      [`listen ${PIV_PATH.instancePort};`, `listen 127.0.0.1:${ports.piv};`],
      [`listen ${LOGIN_GOV_PATH.instancePort};`, `listen 127.0.0.1:${ports.loginGov};`],
      [`127.0.0.1:${GUNICORN_PORT};`, `127.0.0.1:${gunicorn.port};`],
      [`127.0.0.1:${DAPHNE_PORT};`, `127.0.0.1:${daphne.port};`],
      [`${NGINX_LOG_DIR}/`, `${dir}/log/`],
      [ORIGIN_VERIFY_MAP_FILE, `${dir}/etc/origin-verify.map`],
    ];
    const shipped = committedPlatformFiles(ROOT);
    let conf = shipped.get("nginx/conf.d/treasury-plane.conf")!.content;
    for (const [from, to] of moves) {
      if (!conf.includes(from)) throw new Error(`the shipped nginx configuration no longer contains ${from}`);
      conf = conf.split(from).join(to);
    }
    fs.mkdirSync(path.join(dir, "conf.d", "elasticbeanstalk"), { recursive: true });
    fs.writeFileSync(path.join(dir, "conf.d", "treasury-plane.conf"), conf);
    fs.writeFileSync(
      path.join(dir, "conf.d", "elasticbeanstalk", "00_application.conf"),
      shipped.get("nginx/conf.d/elasticbeanstalk/00_application.conf")!.content,
    );
    // The hook writes the map from the secret, as on an instance.
    const hook = runHook(dir, {
      secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:origin",
      secret: JSON.stringify({ current: CURRENT_SECRET, previous: PREVIOUS_SECRET }),
    });
    if (hook.status !== 0) throw new Error(`the hook failed: ${hook.stderr}`);
    // As Amazon Linux 2023's nginx.conf: conf.d/*.conf in the http block, and the platform's own port-80
    // server, whose locations come from conf.d/elasticbeanstalk/.
    const http = [
      `include ${dir}/conf.d/*.conf;`,
      `server { listen 127.0.0.1:${ports.beanstalkDefault}; include ${dir}/conf.d/elasticbeanstalk/*.conf; }`,
    ].join("\n");
    nginx = await startNginx(dir, http, Object.values(ports));
  }, 30_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([gunicorn?.close(), daphne?.close()]);
    if (nginx) fs.rmSync(nginx.dir, { recursive: true, force: true });
  });

  /** The headers of the last request an upstream received. */
  const lastSeenBy = (upstream: RecordingUpstream) => upstream.requests[upstream.requests.length - 1];

  const forgedIdentity = {
    ...Object.fromEntries(IDENTITY_HEADERS.map((header) => [header, `forged ${header}`])),
    // Django reads X_Client_Cert as HTTP_X_CLIENT_CERT too.
    X_Client_Cert: "forged underscore variant",
    "X-Forwarded-Port": "443",
  };

  test("GIVEN a request through CloudFront to the Login.gov port forging every certificate header, X-Client-Cert and X-Forwarded-Port: 443 THEN Gunicorn receives none of them, nor the origin secret", async () => {
    const reply = await request(ports.loginGov, "/api/v1/me", {
      ...viaCloudFront,
      ...forgedIdentity,
      Authorization: "Bearer session",
      Cookie: "sessionid=1",
    });
    expect(reply).toMatchObject({ status: 200, body: "gunicorn" });
    const seen = lastSeenBy(gunicorn).headers;
    for (const header of [...IDENTITY_HEADERS, "x_client_cert", "x-forwarded-port", ORIGIN_VERIFY_HEADER]) {
      expect({ header, value: seen[header.toLowerCase()] }).toEqual({ header, value: undefined });
    }
    expect(seen).toMatchObject({ authorization: "Bearer session", cookie: "sessionid=1" });
  });

  test.each([
    ["no origin secret", {}],
    ["a wrong origin secret", { [ORIGIN_VERIFY_HEADER]: "not-the-secret-000000000000000000000000" }],
  ])("GIVEN %s on the Login.gov port THEN nginx answers 403 and neither Gunicorn nor Daphne sees the request", async (_, headers) => {
    const before = gunicorn.requests.length + daphne.requests.length;
    for (const urlPath of ["/api/v1/me", "/ws/notifications/"]) {
      expect((await request(ports.loginGov, urlPath, { ...headers, ...forgedIdentity })).status).toBe(403);
    }
    expect(gunicorn.requests.length + daphne.requests.length).toBe(before);
  });

  test("GIVEN the previous origin secret during a rotation THEN the Login.gov port still lets the request through", async () => {
    expect(await request(ports.loginGov, "/", { [ORIGIN_VERIFY_HEADER]: PREVIOUS_SECRET })).toMatchObject({
      status: 200,
      body: "gunicorn",
    });
  });

  test("GIVEN the PIV port with the ALB's certificate headers THEN the leaf becomes X-Client-Cert, the ALB's other headers pass, and a client-sent X-Client-Cert is replaced", async () => {
    const alb = Object.fromEntries(MTLS_VERIFY_HEADERS.map((header) => [header, `alb ${header}`]));
    const reply = await request(ports.piv, "/api/v1/me", { ...alb, [CLIENT_CERT_HEADER]: "client's own" });
    expect(reply).toMatchObject({ status: 200, body: "gunicorn" });
    const seen = lastSeenBy(gunicorn).headers;
    expect(seen[CLIENT_CERT_HEADER.toLowerCase()]).toBe("alb X-Amzn-Mtls-Clientcert-Leaf");
    for (const header of MTLS_VERIFY_HEADERS) expect(seen[header.toLowerCase()]).toBe(`alb ${header}`);
  });

  test("GIVEN the PIV port without a leaf header but with a client-sent X-Client-Cert THEN Gunicorn gets no X-Client-Cert at all", async () => {
    await request(ports.piv, "/", { [CLIENT_CERT_HEADER]: "client's own" });
    expect(lastSeenBy(gunicorn).headers[CLIENT_CERT_HEADER.toLowerCase()]).toBeUndefined();
  });

  test('GIVEN a leaf header holding ", " (two copies joined: a client added its own) on the PIV port THEN nginx refuses it with 400', async () => {
    const before = gunicorn.requests.length;
    expect((await request(ports.piv, "/", { "X-Amzn-Mtls-Clientcert-Leaf": "-----BEGIN%20CERT..., -----BEGIN%20CERT..." })).status).toBe(
      400,
    );
    expect(gunicorn.requests.length).toBe(before);
  });

  test.each([
    ["PIV", "piv", {}],
    ["Login.gov", "loginGov", viaCloudFront],
  ] as const)(
    "GIVEN a WebSocket upgrade to /ws/ on the %s port THEN Daphne accepts it (101) with the upgrade headers; other paths go to Gunicorn",
    async (_, port, headers) => {
      const reply = await request(ports[port], "/ws/notifications/", {
        ...headers,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      });
      expect(reply.status).toBe(101);
      expect(reply.headers["x-upstream"]).toBe("daphne");
      expect(lastSeenBy(daphne)).toMatchObject({
        upgraded: true,
        url: "/ws/notifications/",
        headers: { upgrade: "websocket", connection: "upgrade" },
      });
      expect((await request(ports[port], "/wsx", headers)).body).toBe("gunicorn");
    },
  );

  test("GIVEN the ALB's health check (no origin secret) on either port THEN it reaches Gunicorn and answers 200", async () => {
    for (const port of [ports.piv, ports.loginGov]) {
      expect(await request(port, HEALTH_CHECK_PATH)).toMatchObject({ status: 200, body: "gunicorn" });
      expect(lastSeenBy(gunicorn).url).toBe(HEALTH_CHECK_PATH);
    }
  });

  test("GIVEN a request to Elastic Beanstalk's own port-80 server THEN the shipped default location answers 404 and nothing reaches Django", async () => {
    const before = gunicorn.requests.length;
    expect((await request(ports.beanstalkDefault, "/api/v1/me", forgedIdentity)).status).toBe(404);
    expect(gunicorn.requests.length).toBe(before);
  });

  test("GIVEN every request above THEN nginx logged them for enhanced health and reported no error", () => {
    const healthd = fs.readdirSync(path.join(nginx.dir, "log", "healthd"));
    expect(healthd).toEqual([expect.stringMatching(/^application\.log\.\d{4}-\d{2}-\d{2}-\d{2}$/)]);
    expect(nginx.errors()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});

/**
 * A real nginx (Debian's) for tests of shipped nginx configuration: runs in the foreground from a temporary
 * prefix on loopback ports, with upstreams that record what reaches them. Under CI=true (.ci/run installs
 * nginx) a missing nginx fails the suite; elsewhere `nginxSkipReason` says why its tests skip.
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn, spawnSync } from "child_process";

/** Why the nginx tests cannot run here, or undefined when they can; throws under CI=true instead of skipping. */
export function nginxSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = spawnSync("nginx", ["-v"], { encoding: "utf8" });
  if (!found.error && found.status === 0) return undefined;
  const reason = "no nginx on PATH (apt-get install -y nginx; .ci/run installs it)";
  if (env.CI === "true") throw new Error(`CI=true and the nginx tests cannot run: ${reason}`);
  return reason;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** True for a WebSocket upgrade the upstream accepted. */
  readonly upgraded: boolean;
}

/** An upstream on a free loopback port answering 200 `<name>` (and 101 to upgrades), recording every request. */
export interface RecordingUpstream {
  readonly name: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingUpstream(name: string): Promise<RecordingUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, upgraded: false });
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "text/plain" }).end(name));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (request: http.IncomingMessage, socket: net.Socket) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, upgraded: true });
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Upstream: ${name}\r\n\r\n`);
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    name,
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A free loopback port (bound and released; nginx binds it right after). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningNginx {
  /** The prefix directory: conf, logs, temp files. */
  readonly dir: string;
  /** nginx's error log so far (for assertion messages). */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground with `httpBlock` as the body of its http block (paths under `dir`), and
 * waits until every port in `ports` accepts connections.
 */
export async function startNginx(dir: string, httpBlock: string, ports: readonly number[]): Promise<RunningNginx> {
  // html: the default root, which nginx checks exists before writing a log whose path holds variables.
  for (const sub of ["logs", "tmp", "html"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${dir}/tmp/${kind};`);
  const conf = [
    "daemon off;",
    "worker_processes 1;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/logs/error.log warn;`,
    "events { worker_connections 64; }",
    "http {",
    ...temp,
    `access_log ${dir}/logs/access.log;`,
    httpBlock,
    "}",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
  const errors = () =>
    fs.existsSync(path.join(dir, "logs", "error.log")) ? fs.readFileSync(path.join(dir, "logs", "error.log"), "utf8") : "";
  const check = spawnSync("nginx", ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`nginx did not start listening on ${port}: ${stderr}${errors()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    dir,
    errors,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** One HTTP/1.1 request to loopback `port`, headers sent exactly as given (any name, repeated values as arrays). */
export function request(port: number, urlPath: string, headers: Record<string, string | string[]> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method: "GET", headers, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    req.on("upgrade", (response: http.IncomingMessage, socket: net.Socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: "", headers: response.headers });
    });
    req.on("error", reject);
    req.end();
  });
}

/** A fresh temporary directory for one nginx, readable by its worker (unprivileged when the tests run as root). */
export function nginxDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platforms-nginx-"));
  fs.chmodSync(dir, 0o755);
  return dir;
}

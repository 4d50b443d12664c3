/**
 * The Treasury Plane's two ways in, as every layer sees them: the ALB listeners, the Beanstalk processes
 * and security-group rules (modules/, stacks/), and the nginx configuration shipped to the instances
 * (platform/treasury-plane/.platform/, rendered from these constants by tools/platform). One source, so
 * the layers cannot drift: a test renders the shipped files again and compares.
 *
 * Identity is decided by the path a request took, never by a header a client can send. AWS documents
 * the mutual-TLS headers an ALB adds, but nowhere that it removes or overwrites copies a client sent on a
 * listener without mutual TLS, nor that it overwrites a client's `X-Forwarded-Port`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html,
 * .../header-modification.html, .../x-forwarded-headers.html), so this design assumes it does neither.
 */

/** What nginx proxies to (the seed's API and WebSocket flows): Gunicorn (Django, WSGI) and Daphne (Channels, ASGI). */
export const GUNICORN_PORT = 8000;
export const DAPHNE_PORT = 9000;
/** Requests under this prefix go to Daphne (WebSocket upgrades), everything else to Gunicorn. */
export const WEBSOCKET_PATH_PREFIX = "/ws/";
/**
 * The ALB health checks of both processes: answered on both ports without the CloudFront origin secret
 * (health checks come from the ALB itself), so it is part of the nginx contract, not a setting.
 */
export const HEALTH_CHECK_PATH = "/health/";

/**
 * Largest request body nginx accepts on both sign-in paths, in MiB (its `client_max_body_size`; nginx's own
 * default is 1 MB). The WAF's maximum (`webAclRules.maxRequestBodyMb`) may not exceed it: a body the WAF lets
 * through must not be refused behind it.
 */
export const MAX_REQUEST_BODY_MB = 25;

/** The one header Django's PIV middleware reads: the ALB-verified leaf certificate, set by nginx on the PIV port only. */
export const CLIENT_CERT_HEADER = "X-Client-Cert";
/** Carries the CloudFront origin secret on the Login.gov path; nginx checks it and never passes it on. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
/**
 * The Secrets Manager secret (`<prefix>/<key>`) holding the origin secret values nginx accepts, and the
 * environment property that names it to the instances' prebuild hook.
 */
export const ORIGIN_SECRET = {
  key: "origin-verify",
  environmentVariable: "ORIGIN_VERIFY_SECRET_ARN",
  description:
    'JSON {"current": "...", "previous": "..."}: the X-Origin-Verify values nginx accepts on the Login.gov port (previous only during a rotation); set by the operator, with the same current value in the Login.gov distribution\'s key value store (docs/operations.md)',
} as const;

/**
 * The headers an ALB adds about client certificates
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html#mtls-http-headers):
 * `verify` mode forwards what it validated about the leaf certificate (the leaf itself as URL-encoded
 * PEM); `passthrough` mode would forward the whole presented chain, unverified.
 */
export const MTLS_VERIFY_HEADERS = [
  "X-Amzn-Mtls-Clientcert-Serial-Number",
  "X-Amzn-Mtls-Clientcert-Issuer",
  "X-Amzn-Mtls-Clientcert-Subject",
  "X-Amzn-Mtls-Clientcert-Validity",
  "X-Amzn-Mtls-Clientcert-Leaf",
] as const;
export const MTLS_LEAF_HEADER = "X-Amzn-Mtls-Clientcert-Leaf";
const MTLS_PASSTHROUGH_HEADER = "X-Amzn-Mtls-Clientcert";

/**
 * Every header that could claim an identity: removed on the Login.gov path whatever the client sent, and
 * never forwarded by CloudFront's origin request policy.
 */
export const IDENTITY_HEADERS: readonly string[] = [MTLS_PASSTHROUGH_HEADER, ...MTLS_VERIFY_HEADERS, CLIENT_CERT_HEADER];

export interface SignInPath {
  /** Beanstalk process (`aws:elasticbeanstalk:environment:process:<name>`): its own target group and health check. */
  readonly process: string;
  /** The instance port the process's nginx server listens on; the only ports the instance security group opens. */
  readonly instancePort: number;
  /** Who comes this way, for descriptions and docs. */
  readonly description: string;
}

/**
 * PIV/CAC users: through the ALB's mutual-TLS listener (443, `verify` mode) only. It is Beanstalk's
 * `default` process, so Beanstalk's own rule for the environment's CNAME (on 443 only) lands here too.
 */
export const PIV_PATH: SignInPath = {
  process: "default",
  instancePort: 8080,
  description: "PIV/CAC, verified by the ALB's mutual-TLS listener",
};

/** Login.gov users: CloudFront, then the ALB's listener without client certificates. */
export const LOGIN_GOV_PATH: SignInPath = {
  process: "logingov",
  instancePort: 8081,
  description: "Login.gov, through CloudFront (no client certificate)",
};

export const SIGN_IN_PATHS: readonly SignInPath[] = [PIV_PATH, LOGIN_GOV_PATH];

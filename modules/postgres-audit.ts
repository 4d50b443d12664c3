/** A parameter of an RDS DB parameter group or Aurora cluster parameter group. */
export interface DatabaseParameter {
  readonly name: string;
  readonly value: string;
  /** Static parameters must be `pending-reboot`; RDS refuses `immediate` for them. */
  readonly applyMethod: "immediate" | "pending-reboot";
}

/**
 * `shared_preload_libraries` with `pgaudit` after `libraries`. The parameter is static: a new instance boots
 * with it, an existing one loads it at its next reboot. It replaces RDS's default list, so callers name
 * `pg_stat_statements` too.
 */
export function preloadWithPgaudit(libraries: readonly string[]): DatabaseParameter {
  return { name: "shared_preload_libraries", value: [...libraries, "pgaudit"].join(","), applyMethod: "pending-reboot" };
}

/**
 * Database audit logging (the Coherent seed's "RDS: Audit logging enabled"), for RDS PostgreSQL and Aurora
 * PostgreSQL alike: pgAudit writes every DDL statement and every role or privilege change, and PostgreSQL
 * logs each connection and disconnection, into the PostgreSQL log the modules export to CloudWatch Logs.
 * Needs `pgaudit` preloaded (preloadWithPgaudit). Operators then run `CREATE EXTENSION pgaudit;` (its event
 * triggers audit DDL) and, for object auditing, `CREATE ROLE rds_pgaudit;` plus grants (README).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html
 */
export const AUDIT_LOG_PARAMETERS: readonly DatabaseParameter[] = [
  // ddl and role only: read and write would log every application query, data included.
  { name: "pgaudit.log", value: "ddl,role", applyMethod: "immediate" },
  // Object auditing follows the grants to this role; rds_pgaudit is the only value RDS accepts.
  { name: "pgaudit.role", value: "rds_pgaudit", applyMethod: "immediate" },
  { name: "log_connections", value: "1", applyMethod: "immediate" },
  { name: "log_disconnections", value: "1", applyMethod: "immediate" },
  // pgAudit redacts passwords; log_statement = ddl would log `ALTER ROLE ... PASSWORD '...'` in clear text.
  { name: "log_statement", value: "none", applyMethod: "immediate" },
];

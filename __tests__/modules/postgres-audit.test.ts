import { AUDIT_LOG_PARAMETERS, preloadWithPgaudit } from "../../modules/postgres-audit";

describe("postgres-audit", () => {
  test("GIVEN the libraries a database already preloads THEN pgaudit joins them in the static, reboot-applied parameter", () => {
    expect(preloadWithPgaudit(["pg_stat_statements", "pg_cron"])).toEqual({
      name: "shared_preload_libraries",
      value: "pg_stat_statements,pg_cron,pgaudit",
      applyMethod: "pending-reboot",
    });
  });

  test("GIVEN the audit parameters THEN pgAudit logs DDL and role changes, connections are logged, and no statement text is logged unredacted", () => {
    const byName = Object.fromEntries(AUDIT_LOG_PARAMETERS.map((parameter) => [parameter.name, parameter.value]));
    expect(byName).toEqual({
      "pgaudit.log": "ddl,role",
      "pgaudit.role": "rds_pgaudit",
      log_connections: "1",
      log_disconnections: "1",
      log_statement: "none",
    });
    // All dynamic: they apply without a reboot (only shared_preload_libraries waits for one).
    expect(new Set(AUDIT_LOG_PARAMETERS.map((parameter) => parameter.applyMethod))).toEqual(new Set(["immediate"]));
  });
});

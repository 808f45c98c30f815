#pragma once
// The migrator's scope and skip reasons as SQL, spelled out in manifest.json "migration.rules".
#include <string>
#include <string_view>

namespace keel::testbed::test {

// One row per candidate service: (tblhosting.id, reason), reason 'migrate' or a skip reason. A service whose
// RAM, CPU or disk cannot be resolved migrates (with a warning); a deleted product quarantines only when none of
// the three resolves.
inline constexpr std::string_view kServiceReasonSql = R"sql(
  SELECT h.id, CASE
    WHEN c.id IS NULL THEN 'client_missing'
    WHEN c.status <> 'Active' THEN 'client_not_active'
    WHEN p.id IS NULL AND (SELECT COUNT(DISTINCT CASE
              WHEN LOWER(TRIM(SUBSTRING_INDEX(co.optionname, '|', 1))) IN ('ram', 'memory') THEN 'ram'
              WHEN LOWER(TRIM(SUBSTRING_INDEX(co.optionname, '|', 1))) IN ('cpu', 'cpu cores', 'cores', 'vcpu') THEN 'cpu'
              WHEN LOWER(TRIM(SUBSTRING_INDEX(co.optionname, '|', 1))) IN ('disk', 'disk space', 'storage') THEN 'disk'
            END)
          FROM tblhostingconfigoptions hco
          JOIN tblproductconfigoptions co ON co.id = hco.configid
          JOIN tblproductconfigoptionssub s ON s.id = hco.optionid AND s.configid = hco.configid
          WHERE hco.relid = h.id
            AND hco.id = (SELECT MAX(x.id) FROM tblhostingconfigoptions x
                          WHERE x.relid = hco.relid AND x.configid = hco.configid)) = 0 THEN 'product_missing'
    WHEN p.type <> 'server' THEN 'not_server_product'
    ELSE 'migrate'
  END AS reason
  FROM tblhosting h
  LEFT JOIN tblclients c ON c.id = h.userid
  LEFT JOIN tblproducts p ON p.id = h.packageid
  WHERE h.domainstatus IN ('Active', 'Suspended'))sql";

inline std::string reason_counts_sql() {
    return "SELECT reason, COUNT(*) FROM (" + std::string(kServiceReasonSql) + ") classified GROUP BY reason";
}

}  // namespace keel::testbed::test

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

// Per migrated service, what the WHMCS rows alone say about linking (issue #11's SPEC): 'no_cluster' (its server
// is no Proxmox server with an API token), 'no_vmid' (its product's module recorded none) or 'has_vmid' (the
// simulator decides between linked, vm_missing and identity_mismatch).
inline std::string link_source_counts_sql() {
    return R"sql(
  SELECT source, COUNT(*) FROM (
    SELECT CASE
      WHEN s.id IS NULL OR LOWER(s.type) NOT IN ('pvewhmcs', 'proxmoxvps', 'proxmox', 'proxmox_custom')
           OR s.username NOT LIKE '%!%' THEN 'no_cluster'
      WHEN p.servertype = 'pvewhmcs' AND m.vmid IS NOT NULL THEN 'has_vmid'
      WHEN EXISTS (SELECT 1 FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid
                   WHERE f.type = 'product' AND f.relid = p.id AND LOWER(SUBSTRING_INDEX(f.fieldname, '|', 1)) = 'vmid'
                     AND v.relid = h.id AND v.value REGEXP '^[0-9]+$') THEN 'has_vmid'
      ELSE 'no_vmid'
    END AS source
    FROM ()sql" +
           std::string(kServiceReasonSql) + R"sql() classified
    JOIN tblhosting h ON h.id = classified.id
    LEFT JOIN tblservers s ON s.id = h.server
    LEFT JOIN tblproducts p ON p.id = h.packageid
    LEFT JOIN mod_pvewhmcs_vms m ON m.id = h.id
    WHERE classified.reason = 'migrate') sources
  GROUP BY source)sql";
}

inline std::string reason_counts_sql() {
    return "SELECT reason, COUNT(*) FROM (" + std::string(kServiceReasonSql) + ") classified GROUP BY reason";
}

}  // namespace keel::testbed::test

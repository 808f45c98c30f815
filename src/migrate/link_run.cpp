#include "migrate/link_run.hpp"

#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <variant>

#include "migrate/batch_prefetch.hpp"
#include "migrate/progress.hpp"
#include "migrate/vm_link.hpp"

namespace keel::migrate {

namespace {

// A cluster's VMs, read once per run (one GET /cluster/resources?type=vm), or why they could not be.
struct ClusterVms {
    const LinkCluster* cluster = nullptr;
    bool loaded = false;
    std::optional<LinkStatus> unusable;  // cluster_disabled | cluster_unreachable
    std::string detail;
    std::unordered_map<std::int64_t, provisioning::VmResource> by_vmid;
};

// What one service's check concluded, before it is compared with what Keel holds.
struct Verdict {
    LinkStatus status = LinkStatus::kNoVmid;
    std::string detail;
    const provisioning::VmResource* vm = nullptr;  // when linked
    const ClusterVms* cluster = nullptr;
    Confirmation confirmed_by = Confirmation::kNone;
};

class Linker {
public:
    Linker(whmcs::SourceReader& reader, db::ImportWriter& writer, const std::vector<LinkCluster>& clusters,
           const Mapping& mapping, const LinkOptions& options, BlockingLoop& loop)
        : reader_(reader), writer_(writer), mapping_(mapping), options_(options), loop_(loop) {
        for (const auto& cluster : clusters) {
            clusters_[cluster.whmcs_server_id].cluster = &cluster;
        }
    }

    Result<LinkReport> run() {
        auto sources = vmid_sources();
        if (!sources) {
            return std::unexpected(sources.error());
        }
        Progress progress("links", options_.total_services, options_.progress_bar);
        const auto& vmid_sources = *sources;
        auto walked = for_each_batch(
            [this, &vmid_sources](std::int64_t after_id) {
                return reader_.next_service_links(after_id, options_.batch_size, vmid_sources);
            },
            [](const whmcs::ServiceLinkRow& row) { return row.service_id; },
            [this, &vmid_sources, &progress](const std::vector<whmcs::ServiceLinkRow>& rows) -> Status {
                if (auto linked = link_batch(rows, vmid_sources); !linked) {
                    return linked;
                }
                progress.advance(static_cast<std::int64_t>(rows.size()));
                return {};
            });
        if (!walked) {
            return std::unexpected(walked.error());
        }
        progress.finish();
        if (!options_.dry_run) {
            if (auto advanced = writer_.advance_vmid_sequence(); !advanced) {
                return std::unexpected(advanced.error());
            }
        }
        return std::move(report_);
    }

private:
    // The module tables this install has: a missing one is an absent strategy, not an error.
    Result<whmcs::VmidSources> vmid_sources() {
        whmcs::VmidSources sources;
        auto pvewhmcs = reader_.has_table("mod_pvewhmcs_vms");
        if (!pvewhmcs) {
            return std::unexpected(pvewhmcs.error());
        }
        sources.pvewhmcs_table = *pvewhmcs;
        for (const auto& mapped : mapping_.vmid_tables()) {
            auto present = reader_.has_table(mapped.table);
            if (!present) {
                return std::unexpected(present.error());
            }
            if (*present) {
                sources.mapped.push_back(mapped);
            }
        }
        return sources;
    }

    ClusterVms* cluster_vms(std::int64_t whmcs_server_id) {
        auto found = clusters_.find(whmcs_server_id);
        if (found == clusters_.end()) {
            return nullptr;
        }
        auto& vms = found->second;
        if (vms.loaded) {
            return &vms;
        }
        vms.loaded = true;
        if (!vms.cluster->client) {
            vms.unusable = vms.cluster->enabled ? LinkStatus::kClusterUnreachable : LinkStatus::kClusterDisabled;
            vms.detail = "cluster " + vms.cluster->name + ": " + vms.cluster->unusable;
            return &vms;
        }
        auto listed = loop_.run(vms.cluster->client->vms());
        if (!listed) {
            vms.unusable = LinkStatus::kClusterUnreachable;
            vms.detail = "cluster " + vms.cluster->name + ": " + listed.error().detail;
            return &vms;
        }
        for (auto& vm : *listed) {
            vms.by_vmid.emplace(vm.vmid, std::move(vm));
        }
        return &vms;
    }

    Verdict judge(const whmcs::ServiceLinkRow& row, const whmcs::VmidSources& sources) {
        auto* cluster = cluster_vms(row.server_id);
        if (cluster == nullptr) {
            return {LinkStatus::kNoCluster,
                    row.server_id == 0 ? "the service names no WHMCS server"
                                       : "WHMCS server " + std::to_string(row.server_id) + " is not a Keel cluster"};
        }
        if (cluster->unusable) {
            return {*cluster->unusable, cluster->detail};
        }
        auto vmid = find_vmid(row, sources);
        if (const auto* absent = std::get_if<VmidAbsent>(&vmid)) {
            return {LinkStatus::kNoVmid, absent->detail};
        }
        const auto found = std::get<VmidFound>(vmid);
        const auto vm = cluster->by_vmid.find(found.vmid);
        const auto where = "VM " + std::to_string(found.vmid) + " (" + std::string(to_string(found.source)) + ")";
        if (vm == cluster->by_vmid.end()) {
            return {LinkStatus::kVmMissing, where + " is not in cluster " + cluster->cluster->name};
        }
        auto identity = check_identity(row, vm->second);
        if (std::holds_alternative<NeedsConfigAddress>(identity)) {
            auto status = loop_.run(cluster->cluster->client->vm_status(vm->second.node, vm->second.vmid));
            if (!status) {
                return {LinkStatus::kClusterUnreachable,
                        where + ": its config could not be read: " + status.error().detail};
            }
            identity = check_identity_with_config(row, vm->second, status->ipconfig0);
        }
        if (const auto* mismatch = std::get_if<IdentityMismatch>(&identity)) {
            return {LinkStatus::kIdentityMismatch, mismatch->detail};
        }
        if (std::holds_alternative<NeedsConfigAddress>(identity)) {
            return {LinkStatus::kIdentityMismatch, where + ": its identity could not be decided"};
        }
        const auto by = std::get<IdentityConfirmed>(identity).by;
        return {LinkStatus::kLinked, "", &vm->second, cluster, by};
    }

    // What the server should hold after `verdict`; notes go to the report.
    db::LinkTarget desired(const whmcs::ServiceLinkRow& row, const db::LinkTarget& current, const Verdict& verdict) {
        auto next = current;
        next.link_status = std::string(to_string(verdict.status));
        next.link_detail = verdict.detail.empty() ? std::nullopt : std::optional<std::string>(verdict.detail);
        switch (verdict.status) {
            case LinkStatus::kLinked: break;
            case LinkStatus::kVmMissing:
            case LinkStatus::kIdentityMismatch:
                // Proven not (or no longer) this service's VM: nothing may act on that VMID for it.
                next.node.reset();
                next.vmid.reset();
                next.power_state.reset();
                return next;
            case LinkStatus::kNoVmid:
            case LinkStatus::kNoCluster:
            case LinkStatus::kClusterDisabled:
            case LinkStatus::kClusterUnreachable:
                return next;  // nothing learnt about the VM: a link made earlier stays as it was
        }
        const auto& vm = *verdict.vm;
        const auto& cluster_name = verdict.cluster->cluster->name;
        next.node = vm.node;
        next.vmid = vm.vmid;
        if (current.datacenter && *current.datacenter != cluster_name) {
            note(row, LinkNoteKind::kDiffers, "datacenter", *current.datacenter, cluster_name);
        }
        next.datacenter = cluster_name;
        const auto power = power_state_of(vm.status);
        next.power_state = power;
        const StoredSpecs stored{narrow(current.cpu_cores), narrow(current.ram_mb), narrow(current.disk_gb)};
        const auto specs = reconcile_specs(stored, vm);
        next.cpu_cores = widen(specs.cpu_cores);
        next.ram_mb = widen(specs.ram_mb);
        next.disk_gb = widen(specs.disk_gb);
        for (const auto& spec : specs.notes) {
            note(row, spec.filled ? LinkNoteKind::kFilledFromVm : LinkNoteKind::kDiffers, spec.column,
                 spec.whmcs_value ? std::to_string(*spec.whmcs_value) : "", std::to_string(spec.vm_value));
        }
        if (auto observation = observe(row.status, vm.status)) {
            switch (*observation) {
                case LinkObservation::kActiveButStopped:
                    note(row, LinkNoteKind::kActiveButStopped, "", row.status, vm.status);
                    break;
                case LinkObservation::kSuspendedButRunning:
                    note(row, LinkNoteKind::kSuspendedButRunning, "", row.status, vm.status);
                    break;
            }
        }
        if (verdict.confirmed_by == Confirmation::kNone) {
            note(row, LinkNoteKind::kUnconfirmed, "", "", "");
        }
        return next;
    }

    static std::optional<int> narrow(const std::optional<std::int64_t>& value) {
        return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
    }
    static std::optional<std::int64_t> widen(const std::optional<int>& value) {
        return value ? std::optional<std::int64_t>(*value) : std::nullopt;
    }

    void note(const whmcs::ServiceLinkRow& row, LinkNoteKind kind, std::string column, std::string whmcs_value,
              std::string vm_value) {
        report_.notes.push_back({row.service_id, kind, std::move(column), std::move(whmcs_value), std::move(vm_value)});
    }

    Status link_batch(const std::vector<whmcs::ServiceLinkRow>& rows, const whmcs::VmidSources& sources) {
        std::vector<std::int64_t> ids;
        for (const auto& row : rows) {
            ids.push_back(row.service_id);
        }
        auto targets = writer_.link_targets(ids);
        if (!targets) {
            return std::unexpected(targets.error());
        }
        struct Decision {
            const whmcs::ServiceLinkRow* row;
            const db::LinkTarget* current;
            Verdict verdict;
        };
        std::vector<Decision> decisions;
        std::vector<std::pair<std::string, std::int64_t>> claimed;
        for (const auto& row : rows) {
            auto target = targets->find(row.service_id);
            if (target == targets->end() || target->second.status == "terminated" ||
                target->second.status == "terminating") {
                continue;  // not migrated, or gone in Keel: nothing to link
            }
            auto verdict = judge(row, sources);
            if (verdict.status == LinkStatus::kLinked) {
                claimed.emplace_back(verdict.cluster->cluster->name, verdict.vm->vmid);
            }
            decisions.push_back({&row, &target->second, std::move(verdict)});
        }
        // One VM is one server's: a VMID another server already holds is not linked a second time.
        std::map<std::pair<std::string, std::int64_t>, std::int64_t> holders;
        if (!claimed.empty()) {
            auto held = writer_.vmid_holders(claimed);
            if (!held) {
                return std::unexpected(held.error());
            }
            for (const auto& holder : *held) {
                holders[{holder.datacenter, holder.vmid}] = holder.whmcs_service_id;
            }
        }
        std::vector<db::LinkTarget> changes;
        for (auto& decision : decisions) {
            auto& verdict = decision.verdict;
            if (verdict.status == LinkStatus::kLinked) {
                const std::pair<std::string, std::int64_t> key{verdict.cluster->cluster->name, verdict.vm->vmid};
                const auto holder = holders.find(key);
                const auto first_claim = claimed_in_run_.emplace(key, decision.row->service_id);
                if (holder != holders.end() && holder->second != decision.row->service_id) {
                    verdict = {LinkStatus::kIdentityMismatch,
                               "VM " + std::to_string(key.second) + " in " + key.first + " already belongs to " +
                                   (holder->second == 0 ? std::string("a server Keel built")
                                                        : "WHMCS service " + std::to_string(holder->second))};
                } else if (!first_claim.second && first_claim.first->second != decision.row->service_id) {
                    verdict = {LinkStatus::kIdentityMismatch, "VM " + std::to_string(key.second) + " in " + key.first +
                                                                  " is also WHMCS service " +
                                                                  std::to_string(first_claim.first->second) + "'s"};
                }
            }
            const auto& current = *decision.current;
            if (verdict.status == LinkStatus::kClusterUnreachable && current.link_status == "linked") {
                // A cluster that does not answer proves nothing: the link made earlier stands, unverified.
                ++report_.servers;
                count_unlinked(decision.row->service_id, verdict);
                continue;
            }
            auto next = desired(*decision.row, current, verdict);
            ++report_.servers;
            if (verdict.status == LinkStatus::kLinked) {
                ++(next == current ? report_.verified : report_.linked);
            } else {
                count_unlinked(decision.row->service_id, verdict);
            }
            if (!(next == current)) {
                changes.push_back(std::move(next));
            }
        }
        return options_.dry_run ? Status{} : writer_.apply_links(changes);
    }

    void count_unlinked(std::int64_t service_id, const Verdict& verdict) {
        ++report_.not_linked[verdict.status];
        report_.unlinked.push_back({service_id, verdict.status, verdict.detail});
    }

    whmcs::SourceReader& reader_;
    db::ImportWriter& writer_;
    const Mapping& mapping_;
    const LinkOptions& options_;
    BlockingLoop& loop_;
    std::map<std::int64_t, ClusterVms> clusters_;  // by WHMCS server id
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> claimed_in_run_;
    LinkReport report_;
};

}  // namespace

std::string_view to_string(LinkNoteKind kind) {
    switch (kind) {
        case LinkNoteKind::kFilledFromVm: return "filled_from_vm";
        case LinkNoteKind::kDiffers: return "differs";
        case LinkNoteKind::kActiveButStopped: return "active_but_stopped";
        case LinkNoteKind::kSuspendedButRunning: return "suspended_but_running";
        case LinkNoteKind::kUnconfirmed: return "unconfirmed";
    }
    return "unconfirmed";
}

Result<LinkReport> link_servers(whmcs::SourceReader& reader, db::ImportWriter& writer,
                                const std::vector<LinkCluster>& clusters, const Mapping& mapping,
                                const LinkOptions& options, BlockingLoop& loop) {
    return Linker(reader, writer, clusters, mapping, options, loop).run();
}

}  // namespace keel::migrate

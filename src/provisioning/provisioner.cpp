#include "provisioning/provisioner.hpp"

#include "provisioning/proxmox_error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace keel::provisioning {

namespace asio = boost::asio;

namespace {

Task<void> scaled_sleep(std::chrono::milliseconds delay, double time_scale) {
    const auto scaled = std::chrono::duration<double, std::milli>(delay) * time_scale;
    if (scaled.count() <= 0.0) {
        co_return;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor,
                             std::chrono::duration_cast<std::chrono::steady_clock::duration>(scaled));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

std::unexpected<Error> stopped() {
    return fail(ErrorCode::kRetryable, "stopped: the job's lease was lost, another worker carries on");
}

// Retries one Proxmox call while it fails transiently; `call` returns a fresh Task each time. Makes no call
// once `stop` is requested.
template <class Call>
auto retrying(const ProvisionerOptions& options, const std::stop_token& stop, Call call) -> decltype(call()) {
    for (int attempt = 1;; ++attempt) {
        if (stop.stop_requested()) {
            co_return stopped();
        }
        auto result = co_await call();
        if (result || result.error().code != ErrorCode::kRetryable || !may_retry(options.step_retry, attempt)) {
            co_return result;
        }
        co_await scaled_sleep(backoff_delay(options.step_retry, attempt, 0.5), options.time_scale);
    }
}

}  // namespace

Task<Status> Provisioner::wait_task(Result<std::string> upid, const JobTasks& tasks) {
    if (!upid) {
        co_return std::unexpected(upid.error());
    }
    if (tasks.record) {
        // Persisted before waiting: an attempt that dies now is resumed on this very task. Not persisted (the
        // database is away, or the lease is lost): give the attempt up; the next one finds the VM as it is.
        if (auto recorded = co_await tasks.record(*upid); !recorded) {
            co_return fail(ErrorCode::kRetryable, "could not record task " + *upid + ": " + recorded.error().detail);
        }
    }
    co_return co_await poll_task(*upid, tasks.stop);
}

Task<Status> Provisioner::poll_task(const std::string& upid, const std::stop_token& stop) {
    const auto deadline = std::chrono::steady_clock::now() + options_.task_timeout;
    while (true) {
        if (stop.stop_requested()) {
            co_return stopped();
        }
        auto status = co_await proxmox_.task_status(upid);
        if (status && !status->running) {
            if (status->succeeded()) {
                co_return Status{};
            }
            co_return std::unexpected(task_error(status->exitstatus));
        }
        if (!status && status.error().code != ErrorCode::kRetryable) {
            co_return std::unexpected(status.error());
        }
        if (std::chrono::steady_clock::now() > deadline) {
            co_return fail(ErrorCode::kRetryable, "task " + upid + " still running after the timeout");
        }
        co_await scaled_sleep(options_.task_poll, options_.time_scale);
    }
}

Task<Result<bool>> Provisioner::finish_interrupted(const JobTasks& tasks) {
    if (!tasks.interrupted_task) {
        co_return false;
    }
    auto finished = co_await poll_task(*tasks.interrupted_task, tasks.stop);
    if (!finished && finished.error().code == ErrorCode::kRetryable) {
        co_return std::unexpected(finished.error());  // still running, or the node is away: wait for it later
    }
    // Failed or unknown to the node: what matters now is the VM as it stands, which the caller checks.
    co_return finished.has_value();
}

Task<Status> Provisioner::wait_unlocked(const std::string& node, std::int64_t vmid, const std::stop_token& stop) {
    const auto deadline = std::chrono::steady_clock::now() + options_.task_timeout;
    while (true) {
        if (stop.stop_requested()) {
            co_return stopped();
        }
        auto status = co_await proxmox_.vm_status(node, vmid);
        // A permanent error (401/403, a bad parameter, …) will not go away by waiting out the timeout.
        if (!status && status.error().code != ErrorCode::kRetryable) {
            co_return std::unexpected(status.error());
        }
        if (status && status->exists && status->lock.empty()) {
            co_return Status{};
        }
        if (status && !status->exists) {
            co_return fail(ErrorCode::kRetryable, "VM " + std::to_string(vmid) + " vanished while being built");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            co_return fail(ErrorCode::kRetryable, "timeout while waiting for VM " + std::to_string(vmid) +
                                                      " configuration to become unlocked");
        }
        co_await scaled_sleep(options_.task_poll, options_.time_scale);
    }
}

Task<Status> Provisioner::build(const VmPlan& plan, const JobTasks& tasks) {
    const auto& stop = tasks.stop;
    if (auto interrupted = co_await finish_interrupted(tasks); !interrupted) {
        co_return std::unexpected(interrupted.error());
    }
    const auto node = plan.node;
    const auto vmid = plan.vmid;
    auto existing = co_await retrying(options_, stop, [&] { return proxmox_.vm_status(node, vmid); });
    if (!existing) {
        co_return std::unexpected(existing.error());
    }
    if (existing->exists && existing->name != plan.name) {
        co_return fail(ErrorCode::kConflict, "VM " + std::to_string(vmid) + " already exists and is not ours");
    }
    if (!existing->exists) {
        const CloneRequest clone_request{vmid, plan.name, true, plan.template_node == node ? "" : node, plan.storage};
        auto cloned = co_await retrying(
            options_, stop, [&] { return proxmox_.clone(plan.template_node, plan.template_vmid, clone_request); });
        if (auto done = co_await wait_task(std::move(cloned), tasks); !done) {
            co_return done;
        }
    }
    if (auto unlocked = co_await wait_unlocked(node, vmid, stop); !unlocked) {
        co_return unlocked;
    }
    auto configured = co_await retrying(options_, stop, [&] { return proxmox_.configure(node, vmid, plan.config); });
    if (auto done = co_await wait_task(std::move(configured), tasks); !done) {
        co_return done;
    }
    auto current = co_await retrying(options_, stop, [&] { return proxmox_.vm_status(node, vmid); });
    if (!current) {
        co_return std::unexpected(current.error());
    }
    if (current->disk_gb < plan.disk_gb) {
        auto resized =
            co_await retrying(options_, stop, [&] { return proxmox_.resize_disk(node, vmid, plan.disk_gb); });
        if (auto done = co_await wait_task(std::move(resized), tasks); !done) {
            co_return done;
        }
    }
    if (current->status != "running") {
        auto started =
            co_await retrying(options_, stop, [&] { return proxmox_.power(node, vmid, PowerAction::kStart); });
        if (auto done = co_await wait_task(std::move(started), tasks); !done) {
            co_return done;
        }
    }
    co_return Status{};
}

Task<Status> Provisioner::provision(VmPlan plan, JobTasks tasks) {
    auto built = co_await build(plan, tasks);
    if (built || built.error().code == ErrorCode::kRetryable || built.error().code == ErrorCode::kConflict) {
        co_return built;
    }
    // Permanent: leave no half-built VM behind. If this fails too the job's retry finds and removes it.
    JobTasks cleanup(tasks.stop);
    cleanup.record = tasks.record;
    auto removed = co_await deprovision(plan.node, plan.vmid, std::move(cleanup));
    auto error = built.error();
    error.detail += removed ? "; the half-built VM was destroyed"
                            : "; destroying the half-built VM failed: " + removed.error().detail;
    co_return std::unexpected(error);
}

Task<Status> Provisioner::set_power(std::string node, std::int64_t vmid, bool running, JobTasks tasks) {
    const auto& stop = tasks.stop;
    if (auto interrupted = co_await finish_interrupted(tasks); !interrupted) {
        co_return std::unexpected(interrupted.error());
    }
    auto current = co_await retrying(options_, stop, [&] { return proxmox_.vm_status(node, vmid); });
    if (!current) {
        co_return std::unexpected(current.error());
    }
    if (!current->exists) {
        co_return fail(ErrorCode::kUpstreamFailed, "VM " + std::to_string(vmid) + " does not exist on " + node);
    }
    if ((current->status == "running") == running) {
        co_return Status{};
    }
    auto upid = co_await retrying(
        options_, stop, [&] { return proxmox_.power(node, vmid, running ? PowerAction::kStart : PowerAction::kStop); });
    co_return co_await wait_task(std::move(upid), tasks);
}

Task<Status> Provisioner::reboot(std::string node, std::int64_t vmid, JobTasks tasks) {
    const auto& stop = tasks.stop;
    auto interrupted = co_await finish_interrupted(tasks);
    if (!interrupted) {
        co_return std::unexpected(interrupted.error());
    }
    if (*interrupted) {
        co_return Status{};  // the earlier attempt's reboot (or start) went through: once is what was asked
    }
    auto upid = co_await retrying(options_, stop, [&] { return proxmox_.power(node, vmid, PowerAction::kReboot); });
    if (!upid && upid.error().code == ErrorCode::kConflict) {
        co_return co_await set_power(node, vmid, true, JobTasks(tasks.stop));  // it was stopped: a reboot is a start
    }
    co_return co_await wait_task(std::move(upid), tasks);
}

Task<Status> Provisioner::deprovision(std::string node, std::int64_t vmid, JobTasks tasks) {
    const auto& stop = tasks.stop;
    if (auto interrupted = co_await finish_interrupted(tasks); !interrupted) {
        co_return std::unexpected(interrupted.error());
    }
    auto destroyed = co_await retrying(options_, stop, [&] { return proxmox_.destroy(node, vmid); });
    if (!destroyed && destroyed.error().code == ErrorCode::kNotFound) {
        co_return Status{};  // already gone: terminate is done
    }
    if (!destroyed && refused_as_running(destroyed.error())) {
        // Proxmox destroys only a stopped VM ("VM N is running - destroy failed"): a hard stop first.
        auto stopping =
            co_await retrying(options_, stop, [&] { return proxmox_.power(node, vmid, PowerAction::kStop); });
        if (auto done = co_await wait_task(std::move(stopping), tasks); !done) {
            co_return done;
        }
        destroyed = co_await retrying(options_, stop, [&] { return proxmox_.destroy(node, vmid); });
    }
    co_return co_await wait_task(std::move(destroyed), tasks);
}

}  // namespace keel::provisioning

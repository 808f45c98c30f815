#pragma once
// keel-api with its workers on the real Proxmox VE client (KEEL_HYPERVISOR=proxmox), over verified HTTPS to two
// simulators: fra1 (3 nodes, quick tasks) and ams1 (2 nodes, tasks at PVE's pace, for what happens mid-task).
// Two more datacenters reach fra1's simulator wrongly: `badca1` pins another certificate, `badtoken1` has a
// wrong token secret.
#include <cstdio>
#include <memory>
#include <string>

#include "api_fixture.hpp"
#include "sim_process.hpp"

namespace keel::testing {

class ProxmoxTest : public ApiTest {
public:  // the test bodies and their helper functions read the simulators
    static void SetUpTestSuite() {
        fra1_ = std::make_unique<PveSimProcess>(PveSimOptions{.cluster = "fra1", .latency_scale = 0.05});
        ams1_ =
            std::make_unique<PveSimProcess>(PveSimOptions{.cluster = "ams1", .nodes = "pve1,pve2", .latency_scale = 1});
        database_ = std::make_unique<TestDatabase>();
        register_cluster_at(database_->url(), "fra1", access(*fra1_));
        register_cluster_at(database_->url(), "ams1", access(*ams1_));
        auto wrong_ca = access(*fra1_);
        wrong_ca.ca_file.clear();
        wrong_ca.fingerprint = kTestFingerprint;
        register_cluster_at(database_->url(), "badca1", wrong_ca);
        auto wrong_token = access(*fra1_);
        wrong_token.secret = "00000000-0000-0000-0000-000000000000";
        register_cluster_at(database_->url(), "badtoken1", wrong_token);
        api_ = std::make_unique<ApiProcess>(
            database_->url(), std::vector<std::string>{"serve"},
            std::map<std::string, std::string>{
                {"KEEL_HYPERVISOR", "proxmox"}, {"KEEL_PVE_TASK_POLL_MS", "20"}, {"KEEL_WORKERS", "2"}});
        create_user("admin@example.com", "admin");
        create_user("alice@example.com", "client");
    }
    static void TearDownTestSuite() {
        ApiTest::TearDownTestSuite();
        fra1_.reset();
        ams1_.reset();
    }

    static ClusterAccess access(const PveSimProcess& sim) {
        const auto& token = sim.token();  // USER@REALM!TOKENID=SECRET
        const auto equals = token.find('=');
        return ClusterAccess{.url = sim.url(),
                             .token_id = token.substr(0, equals),
                             .secret = token.substr(equals + 1),
                             .ca_file = sim.ca_file().string()};
    }

    // One call to the simulator with curl (its CA, its token): what an operator would type.
    static boost::json::value sim_call(const PveSimProcess& sim, const std::string& method, const std::string& path) {
        const std::string command = "curl -sS -X " + method + " --cacert '" + sim.ca_file().string() +
                                    "' -H 'Authorization: " + sim.authorization() + "' '" + sim.url() + path + "'";
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
        std::string body;
        char buffer[65536];
        for (std::size_t n; pipe && (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) {
            body.append(buffer, n);
        }
        return body.empty() ? boost::json::value() : boost::json::parse(body);
    }

    // The simulator's guests (templates left out).
    static boost::json::array sim_vms(const PveSimProcess& sim) {
        boost::json::array vms;
        const auto resources = sim_call(sim, "GET", "/api2/json/cluster/resources?type=vm");
        for (const auto& entry : resources.at("data").as_array()) {
            if (entry.at("template").to_number<int>() == 0) {
                vms.push_back(entry);
            }
        }
        return vms;
    }

    static std::optional<boost::json::object> sim_vm_named(const PveSimProcess& sim, const std::string& name) {
        for (const auto& vm : sim_vms(sim)) {
            if (vm.at("name") == name.c_str()) {
                return vm.as_object();
            }
        }
        return std::nullopt;
    }

    static std::string server_spec(const std::string& hostname, const std::string& datacenter, int cores = 2,
                                   int ram_mb = 2048, int disk_gb = 20) {
        return R"({"hostname":")" + hostname + R"(","cpu_cores":)" + std::to_string(cores) + R"(,"ram_mb":)" +
               std::to_string(ram_mb) + R"(,"disk_gb":)" + std::to_string(disk_gb) +
               R"(,"os_image":"debian-12","datacenter":")" + datacenter + R"("})";
    }

    // POST /servers as alice; returns the server's id.
    static std::string create_server(const std::string& spec_json) {
        auto reply = client().post_json("/servers", spec_json, login("alice@example.com"));
        EXPECT_EQ(reply.status, 202) << reply.body;
        if (reply.status != 202) {
            return "00000000-0000-0000-0000-000000000000";
        }
        return std::string(json(reply).at("id").as_string());
    }

    // Polls the server (as an admin) until it has `status`, for up to `limit`; returns it as last seen.
    static boost::json::object wait_for_status(const std::string& id, const std::string& status,
                                               std::chrono::seconds limit = std::chrono::seconds(30)) {
        const auto token = login("admin@example.com");
        const auto deadline = std::chrono::steady_clock::now() + limit;
        boost::json::object server;
        while (std::chrono::steady_clock::now() < deadline) {
            auto reply = client().get("/servers/" + id, token);
            if (reply.status != 200) {
                ADD_FAILURE() << "GET /servers/" << id << ": " << reply.status << " " << reply.body;
                return server;
            }
            server = json(reply).as_object();
            if (server.at("status") == status.c_str()) {
                return server;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "server " << id << " never became " << status << ": " << boost::json::serialize(server);
        return server;
    }

    // Queues an action as `token` and waits for its operation to settle; returns the operation.
    static boost::json::object act(const std::string& id, const std::string& type, const std::string& token) {
        auto reply = client().post_json("/servers/" + id + "/actions", R"({"type":")" + type + R"("})", token);
        EXPECT_EQ(reply.status, 202) << type << ": " << reply.body;
        const auto location = reply.header("location");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        boost::json::object operation;
        while (std::chrono::steady_clock::now() < deadline) {
            operation = json(client().get(location, token)).as_object();
            const auto state = operation.at("state");
            if (state != "queued" && state != "running") {
                return operation;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << type << " never settled: " << boost::json::serialize(operation);
        return operation;
    }

    static inline std::unique_ptr<PveSimProcess> fra1_;
    static inline std::unique_ptr<PveSimProcess> ams1_;
};

}  // namespace keel::testing
